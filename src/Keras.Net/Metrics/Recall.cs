namespace KerasNet.Metrics;

/// <summary>tp / (tp + fn).</summary>
public sealed class Recall : ConfusionMetric
{
    /// <summary>Creates the metric (Keras default threshold 0.5).</summary>
    public Recall(double thresholds = 0.5, int? classId = null, string name = "recall") : base(name, thresholds, classId) { }

    /// <inheritdoc/>
    public override double Result()
    {
        var (tp, _, fn) = ReadCounts();
        return tp + fn == 0 ? 0.0 : tp / (tp + fn);
    }
}
