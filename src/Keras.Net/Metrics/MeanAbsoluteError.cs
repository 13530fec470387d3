namespace KerasNet.Metrics;

/// <summary>Mean absolute error as a metric.</summary>
public sealed class MeanAbsoluteError : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    public MeanAbsoluteError(string name = "mean_absolute_error") : base(name) { }

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred) => MeanSquaredError.Errors(yTrue, yPred).abs().mean(TensorAxes.Last);
}
