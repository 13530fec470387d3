namespace KerasNet.Layers;

/// <summary>Max over the steps of a (batch, steps, channels) sequence, or (batch, channels, steps) with dataFormat "channels_first".</summary>
public sealed class GlobalMaxPooling1D : GlobalPooling
{
    /// <summary>Creates the layer.</summary>
    public GlobalMaxPooling1D(string? dataFormat = null, bool keepdims = false, string? name = null, bool trainable = true) : base(1, true, dataFormat, keepdims, name, trainable) { }
}
