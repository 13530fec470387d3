namespace KerasNet.Layers;

/// <summary>Average over the depth, height and width of volumes.</summary>
public sealed class GlobalAveragePooling3D : GlobalPooling
{
    /// <summary>Creates the layer.</summary>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="keepdims">Keep the pooled axes with size 1.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public GlobalAveragePooling3D(string? dataFormat = null, bool keepdims = false, string? name = null, bool trainable = true) : base(3, false, dataFormat, keepdims, name, trainable) { }
}
