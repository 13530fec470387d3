namespace KerasNet.Layers;

/// <summary>
/// Dropout for self-normalizing networks (SELU): during training dropped inputs are set to SELU's negative saturation
/// value −λα and the result is rescaled as a·x + b so that mean and variance stay those of the input; the identity at
/// inference.
/// </summary>
public sealed class AlphaDropout : Layer
{
    private const double SeluAlpha = 1.6732632423543772848170429916717;
    private const double SeluScale = 1.0507009873554804934193349852946;

    /// <summary>Creates the layer.</summary>
    /// <param name="rate">The fraction of inputs dropped, in [0, 1).</param>
    /// <param name="noiseShape">The mask's shape (1 where it is shared, −1 for the input's size), if not the input's.</param>
    /// <param name="seed">A seed for reproducible masks.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public AlphaDropout(double rate, long[]? noiseShape = null, int? seed = null, string? name = null, bool trainable = true) : base(name, trainable)
    {
        if (rate is < 0 or >= 1 || double.IsNaN(rate))
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"AlphaDropout: rate must be in [0, 1); received {rate}.");
        Rate = rate;
        NoiseShape = noiseShape;
        Seed = seed;
    }

    /// <summary>The fraction of inputs dropped.</summary>
    public double Rate { get; }
    /// <summary>The mask's shape, if not the input's.</summary>
    public long[]? NoiseShape { get; }
    /// <summary>The seed, if any.</summary>
    public int? Seed { get; }

    /// <inheritdoc/>
    public override bool SupportsMasking => true;

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (NoiseShape is not null && NoiseShape.Length != inputShape.Rank)
            throw ShapeError($"an input of rank {NoiseShape.Length} (the rank of noiseShape ({string.Join(", ", NoiseShape)}))", inputShape);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        if (!context.Training || Rate == 0) return inputs.alias();
        using var scope = torch.NewDisposeScope();
        var shape = NoiseShape is null ? inputs.shape : NoiseShape.Select((s, i) => s < 0 ? inputs.size(i) : s).ToArray();
        var keep = torch.empty(shape, inputs.dtype, inputs.device).bernoulli_(1 - Rate, SeedGenerator(Seed));
        var dropped = -SeluAlpha * SeluScale;
        var a = 1 / Math.Sqrt((1 - Rate) * (1 + Rate * dropped * dropped));
        var b = -a * dropped * Rate;
        var x = inputs * keep + dropped * (1 - keep);
        return (a * x + b).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(), ("rate", Rate), ("noise_shape", NoiseShape), ("seed", Seed));
}
