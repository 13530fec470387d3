namespace KerasNet.Layers;

/// <summary>Removes positions at the edges of volumes: cropping (depth before, depth after, height before, height after, width before, width after).</summary>
public sealed class Cropping3D : SpatialLayer
{
    /// <summary>Creates the layer (Keras default: one on every side).</summary>
    /// <param name="cropping">One number for every side, three (per axis, both sides) or six (before and after per axis).</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public Cropping3D(Dims cropping = default, string? dataFormat = null, string? name = null, bool trainable = true)
        : base(3, DataFormats.Resolve(dataFormat), name, trainable) => Crops = Edges(cropping, 1, nameof(cropping));

    /// <summary>(depth before, depth after, height before, height after, width before, width after).</summary>
    public long[] Crops { get; }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        base.ValidateInput(inputShape, inputCount);
        var spatial = DataFormats.Spatial(inputShape, Format);
        for (var i = 0; i < 3; i++)
            if (spatial[i] is { } n && n <= Crops[2 * i] + Crops[2 * i + 1])
                throw ShapeError($"a volume larger than the cropping on every axis (axis {i}: {Crops[2 * i]} + {Crops[2 * i + 1]}) {DataFormats.Describe(3, Format)}", inputShape);
    }

    private protected override Tensor CallChannelsFirst(Tensor x)
    {
        for (var i = 0; i < 3; i++) x = x.narrow(i + 2, Crops[2 * i], x.size(i + 2) - Crops[2 * i] - Crops[2 * i + 1]);
        return x;
    }

    private protected override long? OutputLength(int axis, long? length) => length - Crops[2 * axis] - Crops[2 * axis + 1];

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(), ("cropping", Crops));
}
