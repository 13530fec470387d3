namespace KerasNet.Layers;

/// <summary>Average over the steps of a (batch, steps, channels) sequence, or (batch, channels, steps) with dataFormat "channels_first".</summary>
public sealed class GlobalAveragePooling1D : GlobalPooling
{
    /// <summary>Creates the layer.</summary>
    public GlobalAveragePooling1D(string? dataFormat = null, bool keepdims = false, string? name = null, bool trainable = true) : base(1, false, dataFormat, keepdims, name, trainable) { }
}
