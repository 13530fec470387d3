namespace KerasNet.Layers;

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
