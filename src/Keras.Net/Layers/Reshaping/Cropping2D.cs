namespace KerasNet.Layers;

/// <summary>Removes rows and columns at the edges: cropping (top, bottom, left, right).</summary>
public sealed class Cropping2D : SpatialLayer2D
{
    /// <summary>Crops <paramref name="cropping"/> on every side, or (rows, columns), or (top, bottom, left, right).</summary>
    public Cropping2D(Dims cropping, string? dataFormat = null, string? name = null, bool trainable = true) : base(dataFormat, name, trainable)
        => Crops = Edges(cropping, 0, nameof(cropping));

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
