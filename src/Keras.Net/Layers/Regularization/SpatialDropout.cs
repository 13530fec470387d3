namespace KerasNet.Layers;

/// <summary>
/// The shared channel dropout of SpatialDropout1D and SpatialDropout3D: during training each (sample, channel) pair is
/// dropped whole with probability <see cref="Rate"/> and the rest scaled by 1 / (1 − rate); the identity at inference.
/// </summary>
public abstract class SpatialDropout : Layer
{
    /// <summary>Creates the layer for <paramref name="rank"/> spatial axes.</summary>
    private protected SpatialDropout(int rank, double rate, ImageDataFormat format, int? seed, string? name, bool trainable) : base(name, trainable)
    {
        if (rate is < 0 or >= 1 || double.IsNaN(rate))
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"{GetType().Name}: rate must be in [0, 1); received {rate}.");
        Rank = rank;
        Rate = rate;
        Format = format;
        Seed = seed;
    }

    /// <summary>Spatial dimensions.</summary>
    public int Rank { get; }
    /// <summary>The fraction of channels dropped.</summary>
    public double Rate { get; }
    /// <summary>The layout.</summary>
    public ImageDataFormat Format { get; }
    /// <summary>The seed, if any: the sequence of masks is then reproducible.</summary>
    public int? Seed { get; }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != Rank + 2) throw ShapeError($"input of rank {Rank + 2} {DataFormats.Describe(Rank, Format)}", inputShape);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        if (!context.Training || Rate == 0) return inputs.alias();
        var channelAxis = DataFormats.ChannelAxis(Format, Rank + 2);
        var shape = inputs.shape.Select((n, i) => i == 0 || i == channelAxis ? n : 1).ToArray();
        using var keep = torch.empty(shape, inputs.dtype, inputs.device).bernoulli_(1 - Rate, SeedGenerator(Seed));
        using var scaled = keep / (1 - Rate);
        return inputs * scaled;
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        With(base.GetConfig(), ("rate", Rate), ("data_format", DataFormats.Name(Format)), ("seed", Seed));
}
