namespace KerasNet.Metrics;

/// <summary>The weighted number of true negatives (predicted negative, actually negative) at a threshold.</summary>
public sealed class TrueNegatives : ConfusionCount
{
    /// <summary>Creates the metric (Keras default threshold 0.5).</summary>
    public TrueNegatives(double thresholds = 0.5, string name = "true_negatives") : base(thresholds, name) { }

    private protected override double Pick(double tp, double fp, double tn, double fn) => tn;
}
