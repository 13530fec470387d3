namespace KerasNet.Layers;

/// <summary>Average pooling of images to a fixed (height, width) whatever their size (PyTorch's adaptive_avg_pool2d; torchvision's VGG pools to 7x7 before its classifier).</summary>
public sealed class AdaptiveAveragePooling2D : AdaptivePooling
{
    /// <summary>Creates the layer.</summary>
    /// <param name="outputSize">The output (height, width): one number for both or two.</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public AdaptiveAveragePooling2D(Dims outputSize, string? dataFormat = null, string? name = null, bool trainable = true)
        : base(2, false, outputSize, DataFormats.Resolve(dataFormat), name, trainable) { }
}
