namespace KerasNet.Metrics;

/// <summary>Σ y_true·log(y_true / y_pred) over the last axis (clipped as the loss), averaged over samples. The same per-sample values as the loss of the same name in <see cref="Losses"/>.</summary>
public sealed class KLDivergence : MeanMetricWrapper
{
    private readonly Losses.Loss loss = new Losses.KLDivergence(Losses.Reduction.None);

    /// <summary>Creates the metric.</summary>
    public KLDivergence(string name = "kl_divergence") : base(name) { }

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred) => loss.Call(yTrue, yPred);
}
