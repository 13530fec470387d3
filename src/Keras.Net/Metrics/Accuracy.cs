namespace KerasNet.Metrics;

/// <summary>
/// "accuracy": resolved by the trainer to binary, categorical or sparse categorical accuracy from the shapes, as
/// Keras does. Used directly, it counts exact matches of y_pred and y_true.
/// </summary>
public sealed class Accuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    public Accuracy(string name = "accuracy") : base(name) { }

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred) => yTrue.to(yPred.dtype).eq(yPred).to(ScalarType.Float32);
}
