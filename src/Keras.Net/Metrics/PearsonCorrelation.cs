namespace KerasNet.Metrics;

/// <summary>
/// Pearson's correlation of y_true and y_pred along <see cref="Axis"/> (population statistics), one value per sample,
/// averaged over samples.
/// </summary>
public sealed class PearsonCorrelation : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    public PearsonCorrelation(string name = "pearson_correlation", int axis = -1) : base(name) => Axis = axis;

    /// <summary>The axis along which the correlation is taken.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = Losses.Loss.MatchRank(yTrue, yPred);
        t = t.to(p.dtype);
        var dt = t - t.mean(new long[] { Axis }, keepdim: true);
        var dp = p - p.mean(new long[] { Axis }, keepdim: true);
        var zt = dt / dt.std(Axis, unbiased: false, keepdim: true);
        var zp = dp / dp.std(Axis, unbiased: false, keepdim: true);
        return (zt * zp).mean(new long[] { Axis });
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["axis"] = Axis };
}
