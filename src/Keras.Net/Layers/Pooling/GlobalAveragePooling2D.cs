namespace KerasNet.Layers;

/// <summary>Average over the height and width of images.</summary>
public sealed class GlobalAveragePooling2D : GlobalPooling
{
    /// <summary>Creates the layer.</summary>
    public GlobalAveragePooling2D(string? dataFormat = null, bool keepdims = false, string? name = null, bool trainable = true) : base(2, false, dataFormat, keepdims, name, trainable) { }
}
