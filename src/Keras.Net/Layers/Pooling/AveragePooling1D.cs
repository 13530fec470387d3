namespace KerasNet.Layers;

/// <summary>Average over windows of (batch, steps, channels) sequences, or (batch, channels, steps) with dataFormat "channels_first".</summary>
public sealed class AveragePooling1D : BasePooling
{
    /// <summary>Creates the layer (Keras defaults: pool size 2, strides = pool size, "valid").</summary>
    public AveragePooling1D(Dims poolSize = default, Dims strides = default, string padding = "valid", string? dataFormat = null, string? name = null, bool trainable = true)
        : base(1, false, poolSize, strides, padding, dataFormat, name, trainable) { }
}
