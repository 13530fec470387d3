namespace KerasNet.Metrics;

/// <summary>log(cosh(y_pred − y_true)), averaged over the last axis and the samples. The same per-sample values as the loss of the same name in <see cref="Losses"/>.</summary>
public sealed class LogCoshError : MeanMetricWrapper
{
    private readonly Losses.Loss loss = new Losses.LogCosh(Losses.Reduction.None);

    /// <summary>Creates the metric.</summary>
    public LogCoshError(string name = "logcosh") : base(name) { }

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred) => loss.Call(yTrue, yPred);
}
