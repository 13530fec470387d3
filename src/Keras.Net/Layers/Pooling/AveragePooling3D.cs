namespace KerasNet.Layers;

/// <summary>Average over windows of volumes: (batch, channels, depth, height, width) channels-first, or (batch, depth, height, width, channels).</summary>
public sealed class AveragePooling3D : BasePooling
{
    /// <summary>Creates the layer (Keras defaults: pool size (2, 2, 2), strides = pool size, "valid"; with "same", the average of the real elements only).</summary>
    /// <param name="poolSize">The window: one size for every axis or one per axis.</param>
    /// <param name="strides">The step between windows (default: the pool size).</param>
    /// <param name="padding">"valid" or "same".</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public AveragePooling3D(Dims poolSize = default, Dims strides = default, string padding = "valid", string? dataFormat = null, string? name = null, bool trainable = true)
        : base(3, false, poolSize, strides, padding, dataFormat, name, trainable) { }
}
