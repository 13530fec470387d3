namespace KerasNet.Layers;

/// <summary>Drops whole feature channels of sequences (the same features at every step) with probability <c>rate</c> during training.</summary>
public sealed class SpatialDropout1D : SpatialDropout
{
    /// <summary>Creates the layer.</summary>
    /// <param name="rate">The fraction of channels dropped, in [0, 1).</param>
    /// <param name="dataFormat">"channels_last" (the default: (batch, steps, features), whatever the image setting) or "channels_first".</param>
    /// <param name="seed">A seed for reproducible masks.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public SpatialDropout1D(double rate, string? dataFormat = null, int? seed = null, string? name = null, bool trainable = true)
        : base(1, rate, DataFormats.Resolve(dataFormat, spatialRank: 1), seed, name, trainable) { }
}
