namespace KerasNet.Metrics;

/// <summary>The fraction of predictions on the same side of <see cref="Threshold"/> as the 0/1 targets.</summary>
public sealed class BinaryAccuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    public BinaryAccuracy(double threshold = 0.5, string name = "binary_accuracy") : base(name) => Threshold = threshold;

    /// <summary>Predictions above it count as 1.</summary>
    public double Threshold { get; }

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
    {
        var predicted = yPred.gt(Threshold).to(ScalarType.Float32);
        var target = yTrue.to(ScalarType.Float32);
        if (target.dim() == predicted.dim() - 1) target = target.unsqueeze(-1);
        var values = predicted.eq(target).to(ScalarType.Float32);
        return values.dim() > 1 ? values.mean(TensorAxes.Last) : values;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["threshold"] = Threshold };
}
