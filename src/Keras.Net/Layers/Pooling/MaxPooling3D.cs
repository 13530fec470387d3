namespace KerasNet.Layers;

/// <summary>Max over windows of volumes: (batch, channels, depth, height, width) channels-first, or (batch, depth, height, width, channels).</summary>
public sealed class MaxPooling3D : BasePooling
{
    /// <summary>Creates the layer (Keras defaults: pool size (2, 2, 2), strides = pool size, "valid").</summary>
    /// <param name="poolSize">The window: one size for every axis or one per axis.</param>
    /// <param name="strides">The step between windows (default: the pool size).</param>
    /// <param name="padding">"valid" or "same".</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public MaxPooling3D(Dims poolSize = default, Dims strides = default, string padding = "valid", string? dataFormat = null, string? name = null, bool trainable = true)
        : base(3, true, poolSize, strides, padding, dataFormat, name, trainable) { }
}
