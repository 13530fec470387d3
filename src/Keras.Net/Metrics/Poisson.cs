namespace KerasNet.Metrics;

/// <summary>The mean over the last axis of y_pred − y_true·log(y_pred + ε), averaged over samples. The same per-sample values as the loss of the same name in <see cref="Losses"/>.</summary>
public sealed class Poisson : MeanMetricWrapper
{
    private readonly Losses.Loss loss = new Losses.Poisson(Losses.Reduction.None);

    /// <summary>Creates the metric.</summary>
    public Poisson(string name = "poisson") : base(name) { }

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred) => loss.Call(yTrue, yPred);
}
