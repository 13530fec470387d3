namespace KerasNet.Metrics;

/// <summary>(log(1 + y_pred) − log(1 + y_true))² (values clipped at ε), averaged over the last axis and the samples. The same per-sample values as the loss of the same name in <see cref="Losses"/>.</summary>
public sealed class MeanSquaredLogarithmicError : MeanMetricWrapper
{
    private readonly Losses.Loss loss = new Losses.MeanSquaredLogarithmicError(Losses.Reduction.None);

    /// <summary>Creates the metric.</summary>
    public MeanSquaredLogarithmicError(string name = "mean_squared_logarithmic_error") : base(name) { }

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred) => loss.Call(yTrue, yPred);
}
