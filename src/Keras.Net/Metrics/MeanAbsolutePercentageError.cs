namespace KerasNet.Metrics;

/// <summary>100·|y_true − y_pred| / max(|y_true|, ε), averaged over the last axis and the samples. The same per-sample values as the loss of the same name in <see cref="Losses"/>.</summary>
public sealed class MeanAbsolutePercentageError : MeanMetricWrapper
{
    private readonly Losses.Loss loss = new Losses.MeanAbsolutePercentageError(Losses.Reduction.None);

    /// <summary>Creates the metric.</summary>
    public MeanAbsolutePercentageError(string name = "mean_absolute_percentage_error") : base(name) { }

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred) => loss.Call(yTrue, yPred);
}
