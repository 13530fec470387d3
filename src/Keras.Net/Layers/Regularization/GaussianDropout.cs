namespace KerasNet.Layers;

/// <summary>
/// Multiplies inputs by noise from N(1, rate / (1 − rate)) (mean 1, variance rate / (1 − rate)) during training; the
/// identity at inference.
/// </summary>
public sealed class GaussianDropout : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="rate">The drop probability the noise stands for, in [0, 1).</param>
    /// <param name="seed">A seed for reproducible noise.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public GaussianDropout(double rate, int? seed = null, string? name = null, bool trainable = true) : base(name, trainable)
    {
        if (rate is < 0 or >= 1 || double.IsNaN(rate))
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"GaussianDropout: rate must be in [0, 1); received {rate}.");
        Rate = rate;
        Seed = seed;
    }

    /// <summary>The drop probability.</summary>
    public double Rate { get; }
    /// <summary>The seed, if any.</summary>
    public int? Seed { get; }

    /// <inheritdoc/>
    public override bool SupportsMasking => true;

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        if (!context.Training || Rate == 0) return inputs.alias();
        using var noise = torch.empty(inputs.shape, inputs.dtype, inputs.device).normal_(1.0, Math.Sqrt(Rate / (1 - Rate)), SeedGenerator(Seed));
        return inputs * noise;
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(), ("rate", Rate), ("seed", Seed));
}
