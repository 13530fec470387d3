namespace KerasNet.Layers;

/// <summary>Repeats each step of a sequence <see cref="Size"/> times: (batch, steps, features) → (batch, steps · size, features).</summary>
public sealed class UpSampling1D : SpatialLayer
{
    /// <summary>Creates the layer (Keras default: size 2).</summary>
    /// <param name="size">How many times each step is repeated.</param>
    /// <param name="dataFormat">"channels_last" (the default: (batch, steps, features), whatever the image setting) or "channels_first".</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public UpSampling1D(long size = 2, string? dataFormat = null, string? name = null, bool trainable = true)
        : base(1, DataFormats.Resolve(dataFormat, spatialRank: 1), name, trainable) =>
        Size = size > 0 ? size : throw new ArgumentOutOfRangeException(nameof(size), size, $"UpSampling1D: size must be a positive integer; received {size}.");

    /// <summary>The repeat factor.</summary>
    public long Size { get; }

    private protected override Tensor CallChannelsFirst(Tensor x) => x.repeat_interleave(Size, 2);

    private protected override long? OutputLength(int axis, long? length) => length * Size;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(), ("size", Size));
}
