namespace KerasNet.Layers;

/// <summary>Max over windows of images.</summary>
public sealed class MaxPooling2D : BasePooling
{
    /// <summary>Creates the layer (Keras defaults: pool size (2, 2), strides = pool size, "valid").</summary>
    public MaxPooling2D(Dims poolSize = default, Dims strides = default, string padding = "valid", string? dataFormat = null, string? name = null, bool trainable = true)
        : base(2, true, poolSize, strides, padding, dataFormat, name, trainable) { }
}
