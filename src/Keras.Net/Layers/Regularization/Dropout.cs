namespace KerasNet.Layers;

/// <summary>
/// During training, zeroes each element with probability <see cref="Rate"/> and scales the rest by 1 / (1 − rate);
/// the identity at inference. With <see cref="NoiseShape"/>, one mask value is shared along axes of size 1.
/// </summary>
public sealed class Dropout : Layer
{
    /// <summary>Creates the layer.</summary>
    public Dropout(double rate, long[]? noiseShape = null, int? seed = null, string? name = null, bool trainable = true) : base(name, trainable)
    {
        if (rate is < 0 or >= 1 || double.IsNaN(rate))
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"Dropout: rate must be in [0, 1); received {rate}.");
        Rate = rate;
        NoiseShape = noiseShape;
        Seed = seed;
    }

    /// <summary>The fraction of inputs dropped.</summary>
    public double Rate { get; }
    /// <summary>The mask's shape (1 where the mask is shared), if not the input's.</summary>
    public long[]? NoiseShape { get; }
    /// <summary>The seed, if any: the sequence of masks is then reproducible (each call draws a new mask, as Keras's seed generator).</summary>
    public int? Seed { get; }

    /// <inheritdoc/>
    public override bool SupportsMasking => true;

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        if (!context.Training || Rate == 0) return inputs.alias();
        if (NoiseShape is null && Seed is null) return F.dropout(inputs, Rate, training: true);
        var shape = NoiseShape is null ? inputs.shape : NoiseShape.Select((s, i) => s < 0 ? inputs.size(i) : s).ToArray();
        using var keep = torch.empty(shape, inputs.dtype, inputs.device).bernoulli_(1 - Rate, SeedGenerator(Seed));
        using var scaled = keep / (1 - Rate);
        return inputs * scaled;
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(), ("rate", Rate), ("noise_shape", NoiseShape), ("seed", Seed));
}
