namespace KerasNet.Metrics;

/// <summary>Mean squared error as a metric.</summary>
public sealed class MeanSquaredError : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    public MeanSquaredError(string name = "mean_squared_error") : base(name) { }

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred) => Errors(yTrue, yPred).square().mean(TensorAxes.Last);

    /// <summary>The prediction errors, y_pred − y_true, with the targets brought to the predictions' rank and dtype.</summary>
    internal static Tensor Errors(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = Losses.Loss.MatchRank(yTrue, yPred);
        return p - t.to(p.dtype);
    }
}
