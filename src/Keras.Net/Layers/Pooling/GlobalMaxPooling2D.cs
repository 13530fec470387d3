namespace KerasNet.Layers;

/// <summary>Max over the height and width of images.</summary>
public sealed class GlobalMaxPooling2D : GlobalPooling
{
    /// <summary>Creates the layer.</summary>
    public GlobalMaxPooling2D(string? dataFormat = null, bool keepdims = false, string? name = null, bool trainable = true) : base(2, true, dataFormat, keepdims, name, trainable) { }
}
