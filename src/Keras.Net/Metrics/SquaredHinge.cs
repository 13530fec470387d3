namespace KerasNet.Metrics;

/// <summary>max(1 − y_true·y_pred, 0)² with 0/1 labels turned into −1/1, averaged over the last axis and the samples. The same per-sample values as the loss of the same name in <see cref="Losses"/>.</summary>
public sealed class SquaredHinge : MeanMetricWrapper
{
    private readonly Losses.Loss loss = new Losses.SquaredHinge(Losses.Reduction.None);

    /// <summary>Creates the metric.</summary>
    public SquaredHinge(string name = "squared_hinge") : base(name) { }

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred) => loss.Call(yTrue, yPred);
}
