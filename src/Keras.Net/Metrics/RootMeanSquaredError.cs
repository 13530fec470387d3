namespace KerasNet.Metrics;

/// <summary>The square root of the running mean squared error (every element of every sample counts once).</summary>
public sealed class RootMeanSquaredError : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    public RootMeanSquaredError(string name = "root_mean_squared_error") : base(name) { }

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred) => MeanSquaredError.Errors(yTrue, yPred).square();

    /// <inheritdoc/>
    public override double Result() => Math.Sqrt(base.Result());
}
