namespace KerasNet.Layers;

/// <summary>Max pooling of images to a fixed (height, width) whatever their size (PyTorch's adaptive_max_pool2d).</summary>
public sealed class AdaptiveMaxPooling2D : AdaptivePooling
{
    /// <summary>Creates the layer.</summary>
    /// <param name="outputSize">The output (height, width): one number for both or two.</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public AdaptiveMaxPooling2D(Dims outputSize, string? dataFormat = null, string? name = null, bool trainable = true)
        : base(2, true, outputSize, DataFormats.Resolve(dataFormat), name, trainable) { }
}
