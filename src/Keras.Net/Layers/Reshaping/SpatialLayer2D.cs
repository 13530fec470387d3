namespace KerasNet.Layers;

/// <summary>Base of 2-D image layers that only rearrange pixels: validates rank 4 and handles the data format.</summary>
public abstract class SpatialLayer2D : Layer
{
    /// <summary>Creates the layer.</summary>
    protected SpatialLayer2D(string? dataFormat, string? name, bool trainable) : base(name, trainable)
    {
        Format = DataFormats.Resolve(dataFormat);
        formatFromSetting = dataFormat is null;
    }

    /// <summary>True when no dataFormat was given: the layout came from the global setting, and a clearly mismatched first input is refused.</summary>
    private readonly bool formatFromSetting;

    /// <summary>The layout.</summary>
    public ImageDataFormat Format { get; }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != 4) throw ShapeError($"input of rank 4 {DataFormats.Describe(2, Format)}", inputShape);
        ImageLayout.CheckFirstInput(this, inputShape, Format, formatFromSetting);
    }

    /// <summary>
    /// Expands one value (every side), two (rows, columns) or four (top, bottom, left, right) to (top, bottom, left,
    /// right); empty means <paramref name="fallback"/> on every side.
    /// </summary>
    private protected long[] Edges(Dims values, long fallback, string argument)
    {
        var v = values.IsEmpty ? new[] { fallback } : values.Values.ToArray();
        var edges = v.Length switch
        {
            1 => new[] { v[0], v[0], v[0], v[0] },
            2 => new[] { v[0], v[0], v[1], v[1] },
            4 => v,
            _ => throw new ArgumentException($"{GetType().Name}: {argument} must have 1, 2 or 4 values; received {values}.", argument),
        };
        if (edges.Any(e => e < 0)) throw new ArgumentException($"{GetType().Name}: {argument} must be >= 0; received {values}.", argument);
        return edges;
    }

    /// <summary>The math on a channels-first tensor.</summary>
    protected abstract Tensor CallChannelsFirst(Tensor x);

    /// <summary>The output height and width for the input's.</summary>
    protected abstract (long? Height, long? Width) OutputSize(long? height, long? width);

    /// <inheritdoc/>
    protected sealed override Tensor Call(Tensor inputs, CallContext context)
    {
        using var scope = torch.NewDisposeScope();
        var x = DataFormats.ToChannelsFirst(inputs, Format);
        return DataFormats.FromChannelsFirst(CallChannelsFirst(x), Format).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape)
    {
        var spatial = DataFormats.Spatial(inputShape, Format);
        var (h, w) = OutputSize(spatial[0], spatial[1]);
        return DataFormats.Compose(inputShape[0], inputShape[DataFormats.ChannelAxis(Format, 4)], new[] { h, w }, Format);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["data_format"] = DataFormats.Name(Format);
        return config;
    }
}
