namespace KerasNet.Metrics;

/// <summary>The weighted number of false positives (predicted positive, actually negative) at a threshold.</summary>
public sealed class FalsePositives : ConfusionCount
{
    /// <summary>Creates the metric (Keras default threshold 0.5).</summary>
    public FalsePositives(double thresholds = 0.5, string name = "false_positives") : base(thresholds, name) { }

    private protected override double Pick(double tp, double fp, double tn, double fn) => fp;
}
