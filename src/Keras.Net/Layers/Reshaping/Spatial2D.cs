
namespace KerasNet.Layers;

/// <summary>Base of 2-D image layers that only rearrange pixels: validates rank 4 and handles the data format.</summary>
public abstract class SpatialLayer2D : Layer
{
    /// <summary>Creates the layer.</summary>
    protected SpatialLayer2D(string? dataFormat, string? name, bool trainable) : base(name, trainable) => Format = DataFormats.Resolve(dataFormat);

    /// <summary>The layout.</summary>
    public ImageDataFormat Format { get; }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != 4) throw ShapeError($"input of rank 4 {DataFormats.Describe(2, Format)}", inputShape);
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

/// <summary>Adds rows and columns of zeros: padding (top, bottom, left, right).</summary>
public sealed class ZeroPadding2D : SpatialLayer2D
{
    /// <summary>Pads <paramref name="padding"/> on every side, or (rows, columns), or (top, bottom, left, right).</summary>
    public ZeroPadding2D(Dims padding, string? dataFormat = null, string? name = null, bool trainable = true) : base(dataFormat, name, trainable)
    {
        var values = padding.IsEmpty ? new long[] { 1 } : padding.Values.ToArray();
        Pads = values.Length switch
        {
            1 => new[] { values[0], values[0], values[0], values[0] },
            2 => new[] { values[0], values[0], values[1], values[1] },
            4 => values,
            _ => throw new ArgumentException($"ZeroPadding2D: padding must have 1, 2 or 4 values; received {padding}.", nameof(padding)),
        };
        if (Pads.Any(p => p < 0)) throw new ArgumentException($"ZeroPadding2D: padding must be >= 0; received {padding}.", nameof(padding));
    }

    /// <summary>(top, bottom, left, right).</summary>
    public long[] Pads { get; }

    /// <inheritdoc/>
    protected override Tensor CallChannelsFirst(Tensor x) => F.pad(x, new[] { Pads[2], Pads[3], Pads[0], Pads[1] });

    /// <inheritdoc/>
    protected override (long? Height, long? Width) OutputSize(long? height, long? width) => (height + Pads[0] + Pads[1], width + Pads[2] + Pads[3]);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["padding"] = Pads;
        return config;
    }
}

/// <summary>Removes rows and columns at the edges: cropping (top, bottom, left, right).</summary>
public sealed class Cropping2D : SpatialLayer2D
{
    /// <summary>Crops <paramref name="cropping"/> on every side, or (rows, columns), or (top, bottom, left, right).</summary>
    public Cropping2D(Dims cropping, string? dataFormat = null, string? name = null, bool trainable = true) : base(dataFormat, name, trainable)
    {
        var values = cropping.IsEmpty ? new long[] { 0 } : cropping.Values.ToArray();
        Crops = values.Length switch
        {
            1 => new[] { values[0], values[0], values[0], values[0] },
            2 => new[] { values[0], values[0], values[1], values[1] },
            4 => values,
            _ => throw new ArgumentException($"Cropping2D: cropping must have 1, 2 or 4 values; received {cropping}.", nameof(cropping)),
        };
        if (Crops.Any(c => c < 0)) throw new ArgumentException($"Cropping2D: cropping must be >= 0; received {cropping}.", nameof(cropping));
    }

    /// <summary>(top, bottom, left, right).</summary>
    public long[] Crops { get; }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        base.ValidateInput(inputShape, inputCount);
        var spatial = DataFormats.Spatial(inputShape, Format);
        if (spatial[0] is { } h && h <= Crops[0] + Crops[1] || spatial[1] is { } w && w <= Crops[2] + Crops[3])
            throw ShapeError($"an image larger than the cropping (top+bottom {Crops[0] + Crops[1]}, left+right {Crops[2] + Crops[3]})", inputShape);
    }

    /// <inheritdoc/>
    protected override Tensor CallChannelsFirst(Tensor x)
    {
        var h = x.size(2);
        var w = x.size(3);
        using var rows = x.narrow(2, Crops[0], h - Crops[0] - Crops[1]);
        return rows.narrow(3, Crops[2], w - Crops[2] - Crops[3]);
    }

    /// <inheritdoc/>
    protected override (long? Height, long? Width) OutputSize(long? height, long? width) => (height - Crops[0] - Crops[1], width - Crops[2] - Crops[3]);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["cropping"] = Crops;
        return config;
    }
}

/// <summary>Repeats rows and columns (nearest) or interpolates (bilinear) by <see cref="Size"/>.</summary>
public sealed class UpSampling2D : SpatialLayer2D
{
    /// <summary>Creates the layer (Keras defaults: size 2, nearest).</summary>
    public UpSampling2D(Dims size = default, string? dataFormat = null, string interpolation = "nearest", string? name = null, bool trainable = true)
        : base(dataFormat, name, trainable)
    {
        Size = size.IsEmpty ? new long[] { 2, 2 } : size.Expand(2, nameof(size), "UpSampling2D");
        Interpolation = interpolation is "nearest" or "bilinear"
            ? interpolation
            : throw new ArgumentException($"UpSampling2D: interpolation must be 'nearest' or 'bilinear'; received '{interpolation}'.", nameof(interpolation));
    }

    /// <summary>(rows, columns) factors.</summary>
    public long[] Size { get; }
    /// <summary>"nearest" or "bilinear".</summary>
    public string Interpolation { get; }

    /// <inheritdoc/>
    protected override Tensor CallChannelsFirst(Tensor x) =>
        F.interpolate(x, size: new[] { x.size(2) * Size[0], x.size(3) * Size[1] }, mode: TorchModes.Interpolation(Interpolation), align_corners: Interpolation == "bilinear" ? false : null);

    /// <inheritdoc/>
    protected override (long? Height, long? Width) OutputSize(long? height, long? width) => (height * Size[0], width * Size[1]);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["size"] = Size;
        config["interpolation"] = Interpolation;
        return config;
    }
}
