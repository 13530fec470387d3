namespace KerasNet.Metrics;

/// <summary>The weighted number of true positives (predicted positive, actually positive) at a threshold.</summary>
public sealed class TruePositives : ConfusionCount
{
    /// <summary>Creates the metric (Keras default threshold 0.5).</summary>
    public TruePositives(double thresholds = 0.5, string name = "true_positives") : base(thresholds, name) { }

    private protected override double Pick(double tp, double fp, double tn, double fn) => tp;
}
