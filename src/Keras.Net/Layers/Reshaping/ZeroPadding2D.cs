namespace KerasNet.Layers;

/// <summary>Adds rows and columns of zeros: padding (top, bottom, left, right).</summary>
public sealed class ZeroPadding2D : SpatialLayer2D
{
    /// <summary>Pads <paramref name="padding"/> on every side, or (rows, columns), or (top, bottom, left, right).</summary>
    public ZeroPadding2D(Dims padding, string? dataFormat = null, string? name = null, bool trainable = true) : base(dataFormat, name, trainable)
        => Pads = Edges(padding, 1, nameof(padding));

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
