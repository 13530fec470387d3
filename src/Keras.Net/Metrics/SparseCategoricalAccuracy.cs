namespace KerasNet.Metrics;

/// <summary>The fraction of samples whose arg-max prediction equals the integer target.</summary>
public sealed class SparseCategoricalAccuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    public SparseCategoricalAccuracy(string name = "sparse_categorical_accuracy") : base(name) { }

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred) =>
        yPred.argmax(-1).eq(IntegerTargets(yTrue, yPred)).to(ScalarType.Float32);

    /// <summary>Integer class targets of shape (batch, ...) from (batch, ...) or (batch, ..., 1) labels, as int64.</summary>
    internal static Tensor IntegerTargets(Tensor yTrue, Tensor yPred)
    {
        var target = yTrue;
        if (target.dim() == yPred.dim() && target.size(-1) == 1) target = target.squeeze(-1);
        return target.to(ScalarType.Int64);
    }
}
