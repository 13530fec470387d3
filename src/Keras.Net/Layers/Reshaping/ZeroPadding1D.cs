namespace KerasNet.Layers;

/// <summary>Adds zero steps at the start and end of sequences: padding (before, after).</summary>
public sealed class ZeroPadding1D : SpatialLayer
{
    /// <summary>Creates the layer (Keras default: one step on each side).</summary>
    /// <param name="padding">One number for both sides, or (before, after).</param>
    /// <param name="dataFormat">"channels_last" (the default: (batch, steps, features), whatever the image setting) or "channels_first".</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public ZeroPadding1D(Dims padding = default, string? dataFormat = null, string? name = null, bool trainable = true)
        : base(1, DataFormats.Resolve(dataFormat, spatialRank: 1), name, trainable) => Pads = Edges(padding, 1, nameof(padding));

    /// <summary>(before, after).</summary>
    public long[] Pads { get; }

    private protected override Tensor CallChannelsFirst(Tensor x) => F.pad(x, Pads);

    private protected override long? OutputLength(int axis, long? length) => length + Pads[0] + Pads[1];

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(), ("padding", Pads));
}
