namespace KerasNet.Metrics;

/// <summary>max(max((1 − y_true)·y_pred) − Σ y_true·y_pred + 1, 0) per sample, averaged over samples. The same per-sample values as the loss of the same name in <see cref="Losses"/>.</summary>
public sealed class CategoricalHinge : MeanMetricWrapper
{
    private readonly Losses.Loss loss = new Losses.CategoricalHinge(Losses.Reduction.None);

    /// <summary>Creates the metric.</summary>
    public CategoricalHinge(string name = "categorical_hinge") : base(name) { }

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred) => loss.Call(yTrue, yPred);
}
