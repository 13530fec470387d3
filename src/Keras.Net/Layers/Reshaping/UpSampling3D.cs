namespace KerasNet.Layers;

/// <summary>Repeats the (depth, height, width) positions of volumes by <see cref="Size"/> (nearest-neighbour upsampling).</summary>
public sealed class UpSampling3D : SpatialLayer
{
    /// <summary>Creates the layer (Keras default: size (2, 2, 2)).</summary>
    /// <param name="size">The repeat factor: one for every axis or one per axis.</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public UpSampling3D(Dims size = default, string? dataFormat = null, string? name = null, bool trainable = true)
        : base(3, DataFormats.Resolve(dataFormat), name, trainable) =>
        Size = (size.IsEmpty ? new Dims(2) : size).Expand(3, nameof(size), nameof(UpSampling3D));

    /// <summary>(depth, height, width) factors.</summary>
    public long[] Size { get; }

    private protected override Tensor CallChannelsFirst(Tensor x)
    {
        for (var i = 0; i < 3; i++)
            if (Size[i] > 1) x = x.repeat_interleave(Size[i], i + 2);
        return x;
    }

    private protected override long? OutputLength(int axis, long? length) => length * Size[axis];

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(), ("size", Size));
}
