namespace KerasNet.Layers;

/// <summary>Maximum over the depth, height and width of volumes.</summary>
public sealed class GlobalMaxPooling3D : GlobalPooling
{
    /// <summary>Creates the layer.</summary>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="keepdims">Keep the pooled axes with size 1.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public GlobalMaxPooling3D(string? dataFormat = null, bool keepdims = false, string? name = null, bool trainable = true) : base(3, true, dataFormat, keepdims, name, trainable) { }
}
