namespace KerasNet.Metrics;

/// <summary>
/// <see cref="IoU"/> of two classes from scores: a prediction at or above <see cref="Threshold"/> is class 1, below it
/// class 0; targets are 0/1. Keras defaults: both classes averaged, threshold 0.5.
/// </summary>
public sealed class BinaryIoU : IoU
{
    /// <summary>Creates the metric.</summary>
    /// <param name="targetClassIds">The classes averaged: [0], [1] or [0, 1] (the default).</param>
    /// <param name="threshold">The cut between class 0 and class 1.</param>
    /// <param name="name">The name in logs.</param>
    public BinaryIoU(int[]? targetClassIds = null, double threshold = 0.5, string name = "binary_io_u")
        : base(2, targetClassIds ?? new[] { 0, 1 }, name)
    {
        Threshold = double.IsFinite(threshold) ? threshold : throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"BinaryIoU: threshold must be a finite number; received {threshold}.");
    }

    /// <summary>Predictions at or above it are class 1.</summary>
    public double Threshold { get; }

    private protected override Tensor PredictedClasses(Tensor yPred) => yPred.ge(Threshold);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["name"] = Name,
        ["target_class_ids"] = TargetClassIds.ToArray(),
        ["threshold"] = Threshold,
    };
}
