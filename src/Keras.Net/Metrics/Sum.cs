namespace KerasNet.Metrics;

/// <summary>The weighted sum of the values it is given.</summary>
public sealed class Sum : Metric
{
    private readonly RunningSums total = new(1);

    /// <summary>Creates the metric.</summary>
    public Sum(string name = "sum") : base(name) { }

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        using var scope = torch.NewDisposeScope();
        var v = yPred.is_floating_point() ? yPred : yPred.to(ScalarType.Float32);
        if (sampleWeight is not null)
        {
            var w = sampleWeight.to(v.dtype);
            while (w.dim() < v.dim()) w = w.unsqueeze(-1);
            v = v * w;
        }
        total.Add(v.sum().to(ScalarType.Float64));
    }

    /// <inheritdoc/>
    public override double Result() => total.Read()[0];

    /// <inheritdoc/>
    public override void ResetState() => total.Clear();

    /// <summary>The state: [weighted sum].</summary>
    protected internal override double[]? ExportState() => total.Read();

    /// <inheritdoc/>
    protected internal override void ImportState(ReadOnlySpan<double> state)
    {
        CheckStateLength(state, 1);
        total.Write(state);
    }
}
