namespace KerasNet.Metrics;

/// <summary>The weighted mean of the values it is given (Keras's <c>Mean</c>); also the base of per-sample metrics.</summary>
public class Mean : Metric
{
    private const int Total = 0, Count = 1;
    private readonly RunningSums state = new(2);

    /// <summary>Creates the metric.</summary>
    public Mean(string name = "mean") : base(name) { }

    /// <summary>Adds values (any shape), each weighted by <paramref name="sampleWeight"/> (broadcast) or 1.</summary>
    public void UpdateState(Tensor values, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var scope = torch.NewDisposeScope();
        var v = values.is_floating_point() ? values : values.to(ScalarType.Float32);
        if (sampleWeight is null)
        {
            state.Add(Total, v.sum().to(ScalarType.Float64));
            state.Add(Count, (double)v.numel());
            return;
        }
        var w = ExpandWeight(sampleWeight, v);
        state.Add(Total, (v * w).sum().to(ScalarType.Float64));
        state.Add(Count, w.sum().to(ScalarType.Float64));
    }

    /// <summary>
    /// Adds each element of <paramref name="value"/> (typically a batch's 0-d mean loss) with the weight
    /// <paramref name="weight"/> (e.g. the batch size), in float64 on the value's device and without reading it: for a
    /// 0-d value the total grows by value × weight and the count by weight.
    /// </summary>
    public void UpdateState(Tensor value, double weight)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.dim() == 0 && value.device_type == DeviceType.CPU)
        {
            // A CPU value is read without waiting; its float64 conversion times the weight is what the tensor path adds.
            UpdateState(value.ToDouble(), weight);
            return;
        }
        using var scope = torch.NewDisposeScope();
        var v = value.detach();
        var sum = (v.dim() == 0 ? v : v.sum()).to(ScalarType.Float64);
        state.Add(Total, sum.mul(weight));
        state.Add(Count, v.numel() * weight);
    }

    /// <summary>Adds one value with a weight (e.g. a batch's mean loss weighted by the batch size).</summary>
    public void UpdateState(double value, double weight = 1.0)
    {
        state.Add(Total, value * weight);
        state.Add(Count, weight);
    }

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) => UpdateState(yPred, sampleWeight);

    /// <inheritdoc/>
    public override double Result()
    {
        var sums = state.Read();
        return sums[Count] == 0 ? 0.0 : sums[Total] / sums[Count];
    }

    /// <inheritdoc/>
    public override void ResetState() => state.Clear();

    /// <summary>The state: [weighted total, total weight].</summary>
    protected internal override double[]? ExportState() => state.Read();

    /// <inheritdoc/>
    protected internal override void ImportState(ReadOnlySpan<double> state)
    {
        CheckStateLength(state, 2);
        this.state.Write(state);
    }
}
