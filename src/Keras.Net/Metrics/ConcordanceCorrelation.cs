namespace KerasNet.Metrics;

/// <summary>
/// Lin's concordance correlation of y_true and y_pred along <see cref="Axis"/>,
/// 2·cov / (var_true + var_pred + (mean_true − mean_pred)² + ε) with population statistics, one value per sample,
/// averaged over samples.
/// </summary>
public sealed class ConcordanceCorrelation : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    public ConcordanceCorrelation(string name = "concordance_correlation", int axis = -1) : base(name) => Axis = axis;

    /// <summary>The axis along which the correlation is taken.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = Losses.Loss.MatchRank(yTrue, yPred);
        t = t.to(p.dtype);
        var axes = new long[] { Axis };
        var meanTrue = t.mean(axes, keepdim: true);
        var meanPred = p.mean(axes, keepdim: true);
        var varTrue = (t - meanTrue).square().mean(axes, keepdim: true);
        var varPred = (p - meanPred).square().mean(axes, keepdim: true);
        var covariance = (t - meanTrue) * (p - meanPred);
        var norm = varTrue + varPred + (meanTrue - meanPred).square();
        return (2.0 * covariance / (norm + Config.Epsilon)).mean(axes);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["axis"] = Axis };
}
