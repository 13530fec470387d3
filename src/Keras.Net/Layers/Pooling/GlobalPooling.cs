namespace KerasNet.Layers;

/// <summary>The shared global max/average over every spatial axis.</summary>
public abstract class GlobalPooling : Layer
{
    /// <summary>True when no dataFormat was given: the layout came from the global setting, and a clearly mismatched first input is refused.</summary>
    private readonly bool formatFromSetting;

    /// <summary>Creates the layer.</summary>
    protected GlobalPooling(int rank, bool isMax, string? dataFormat, bool keepdims, string? name, bool trainable) : base(name, trainable)
    {
        Rank = rank;
        IsMax = isMax;
        Format = DataFormats.Resolve(dataFormat, rank);
        formatFromSetting = dataFormat is null;
        Keepdims = keepdims;
    }

    /// <summary>Spatial dimensions.</summary>
    public int Rank { get; }
    /// <summary>Max (true) or average (false).</summary>
    public bool IsMax { get; }
    /// <summary>The layout.</summary>
    public ImageDataFormat Format { get; }
    /// <summary>Keep the reduced axes with size 1.</summary>
    public bool Keepdims { get; }

    internal long[] SpatialAxes => Format == ImageDataFormat.ChannelsFirst
        ? Enumerable.Range(2, Rank).Select(i => (long)i).ToArray()
        : Enumerable.Range(1, Rank).Select(i => (long)i).ToArray();

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != Rank + 2) throw ShapeError($"input of rank {Rank + 2} {DataFormats.Describe(Rank, Format)}", inputShape);
        ImageLayout.CheckFirstInput(this, inputShape, Format, formatFromSetting);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        if (IsMax) return inputs.amax(SpatialAxes, Keepdims);
        if (Rank != 1 || context.Mask is not { } mask) return inputs.mean(SpatialAxes, Keepdims);
        // Keras: the average of the unmasked steps only. The mask is (batch, steps).
        var axis = SpatialAxes[0];
        var weights = mask.to(inputs.dtype).unsqueeze(axis == 1 ? -1 : 1);
        var total = (inputs * weights).sum(new[] { axis }, Keepdims);
        return total / weights.sum(new[] { axis }, Keepdims).clamp(min: 1e-7);
    }

    /// <summary>The pooled output has no time axis left, so no mask goes on.</summary>
    public override Tensor? ComputeMask(Tensor inputs, Tensor? mask) => null;

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape)
    {
        var axes = SpatialAxes;
        if (Keepdims) return new TensorShape(inputShape.Dims.Select((d, i) => axes.Contains(i) ? 1 : d).ToArray());
        return new TensorShape(inputShape.Dims.Where((_, i) => !axes.Contains(i)).ToArray());
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["data_format"] = DataFormats.Name(Format);
        config["keepdims"] = Keepdims;
        return config;
    }
}
