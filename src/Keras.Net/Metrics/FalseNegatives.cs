namespace KerasNet.Metrics;

/// <summary>The weighted number of false negatives (predicted negative, actually positive) at a threshold.</summary>
public sealed class FalseNegatives : ConfusionCount
{
    /// <summary>Creates the metric (Keras default threshold 0.5).</summary>
    public FalseNegatives(double thresholds = 0.5, string name = "false_negatives") : base(thresholds, name) { }

    private protected override double Pick(double tp, double fp, double tn, double fn) => fn;
}
