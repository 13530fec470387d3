namespace KerasNet.Layers;

/// <summary>Max over windows of (batch, steps, channels) sequences, or (batch, channels, steps) with dataFormat "channels_first".</summary>
public sealed class MaxPooling1D : BasePooling
{
    /// <summary>Creates the layer (Keras defaults: pool size 2, strides = pool size, "valid").</summary>
    public MaxPooling1D(Dims poolSize = default, Dims strides = default, string padding = "valid", string? dataFormat = null, string? name = null, bool trainable = true)
        : base(1, true, poolSize, strides, padding, dataFormat, name, trainable) { }
}
