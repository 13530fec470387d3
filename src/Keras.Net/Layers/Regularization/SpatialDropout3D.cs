namespace KerasNet.Layers;

/// <summary>Drops whole feature maps (channels) of volumes with probability <c>rate</c> during training.</summary>
public sealed class SpatialDropout3D : SpatialDropout
{
    /// <summary>Creates the layer.</summary>
    /// <param name="rate">The fraction of channels dropped, in [0, 1).</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="seed">A seed for reproducible masks.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public SpatialDropout3D(double rate, string? dataFormat = null, int? seed = null, string? name = null, bool trainable = true)
        : base(3, rate, DataFormats.Resolve(dataFormat), seed, name, trainable) { }
}
