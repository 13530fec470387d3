namespace KerasNet.Layers;

/// <summary>Max pooling of sequences to <c>outputSize</c> steps whatever their length (PyTorch's adaptive_max_pool1d).</summary>
public sealed class AdaptiveMaxPooling1D : AdaptivePooling
{
    /// <summary>Creates the layer.</summary>
    /// <param name="outputSize">The number of output steps.</param>
    /// <param name="dataFormat">"channels_last" (the default: (batch, steps, features), whatever the image setting) or "channels_first" ((batch, features, steps)).</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public AdaptiveMaxPooling1D(Dims outputSize, string? dataFormat = null, string? name = null, bool trainable = true)
        : base(1, true, outputSize, DataFormats.Resolve(dataFormat, spatialRank: 1), name, trainable) { }
}
