namespace KerasNet.Metrics;

/// <summary>The fraction of samples whose arg-max prediction equals the arg-max of the one-hot target.</summary>
public sealed class CategoricalAccuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    public CategoricalAccuracy(string name = "categorical_accuracy") : base(name) { }

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred) => yPred.argmax(-1).eq(yTrue.argmax(-1)).to(ScalarType.Float32);
}
