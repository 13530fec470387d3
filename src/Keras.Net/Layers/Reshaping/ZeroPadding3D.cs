namespace KerasNet.Layers;

/// <summary>Adds zeros around volumes: padding (depth before, depth after, height before, height after, width before, width after).</summary>
public sealed class ZeroPadding3D : SpatialLayer
{
    /// <summary>Creates the layer (Keras default: one on every side).</summary>
    /// <param name="padding">One number for every side, three (per axis, both sides) or six (before and after per axis).</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public ZeroPadding3D(Dims padding = default, string? dataFormat = null, string? name = null, bool trainable = true)
        : base(3, DataFormats.Resolve(dataFormat), name, trainable) => Pads = Edges(padding, 1, nameof(padding));

    /// <summary>(depth before, depth after, height before, height after, width before, width after).</summary>
    public long[] Pads { get; }

    private protected override Tensor CallChannelsFirst(Tensor x) =>
        F.pad(x, Padding.PadArgument(new[] { (Pads[0], Pads[1]), (Pads[2], Pads[3]), (Pads[4], Pads[5]) }));

    private protected override long? OutputLength(int axis, long? length) => length + Pads[2 * axis] + Pads[2 * axis + 1];

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(), ("padding", Pads));
}
