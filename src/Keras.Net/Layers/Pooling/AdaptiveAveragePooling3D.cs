namespace KerasNet.Layers;

/// <summary>Average pooling of volumes to a fixed (depth, height, width) whatever their size (PyTorch's adaptive_avg_pool3d).</summary>
public sealed class AdaptiveAveragePooling3D : AdaptivePooling
{
    /// <summary>Creates the layer.</summary>
    /// <param name="outputSize">The output (depth, height, width): one number for all or three.</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public AdaptiveAveragePooling3D(Dims outputSize, string? dataFormat = null, string? name = null, bool trainable = true)
        : base(3, false, outputSize, DataFormats.Resolve(dataFormat), name, trainable) { }
}
