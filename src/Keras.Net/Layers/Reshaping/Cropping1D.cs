namespace KerasNet.Layers;

/// <summary>Removes steps at the start and end of sequences: cropping (before, after).</summary>
public sealed class Cropping1D : SpatialLayer
{
    /// <summary>Creates the layer (Keras default: one step on each side).</summary>
    /// <param name="cropping">One number for both sides, or (before, after).</param>
    /// <param name="dataFormat">"channels_last" (the default: (batch, steps, features), whatever the image setting) or "channels_first".</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public Cropping1D(Dims cropping = default, string? dataFormat = null, string? name = null, bool trainable = true)
        : base(1, DataFormats.Resolve(dataFormat, spatialRank: 1), name, trainable) => Crops = Edges(cropping, 1, nameof(cropping));

    /// <summary>(before, after).</summary>
    public long[] Crops { get; }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        base.ValidateInput(inputShape, inputCount);
        if (DataFormats.Spatial(inputShape, Format)[0] is { } n && n <= Crops[0] + Crops[1])
            throw ShapeError($"a sequence longer than the cropping (before+after {Crops[0] + Crops[1]}) {DataFormats.Describe(1, Format)}", inputShape);
    }

    private protected override Tensor CallChannelsFirst(Tensor x) => x.narrow(2, Crops[0], x.size(2) - Crops[0] - Crops[1]);

    private protected override long? OutputLength(int axis, long? length) => length - Crops[0] - Crops[1];

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(), ("cropping", Crops));
}
