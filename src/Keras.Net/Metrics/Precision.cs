namespace KerasNet.Metrics;

/// <summary>tp / (tp + fp).</summary>
public sealed class Precision : ConfusionMetric
{
    /// <summary>Creates the metric (Keras default threshold 0.5).</summary>
    public Precision(double thresholds = 0.5, int? classId = null, string name = "precision") : base(name, thresholds, classId) { }

    /// <inheritdoc/>
    public override double Result()
    {
        var (tp, fp, _) = ReadCounts();
        return tp + fp == 0 ? 0.0 : tp / (tp + fp);
    }
}
