namespace KerasNet.Layers;

/// <summary>
/// During training, keeps only the top b bits of each pixel (Keras's <c>RandomPosterization</c>): pixels are read on a
/// 0–255 scale (from <see cref="ValueRange"/>), truncated to integers in [0, 255], their low 8 − b bits cleared, and
/// mapped back. b is an integer drawn per image, uniformly in [<see cref="FactorLower"/>, <see cref="Factor"/>] ⊂ [1, 8].
/// Identity at inference.
/// </summary>
/// <remarks>
/// Both bounds can be drawn here. Keras 3 draws b from [lower, upper) unless the bounds are equal, so its upper bound
/// is never drawn; pass the same value for both (e.g. <c>factor: 4, factorLower: 4</c>) for a fixed b in either.
/// </remarks>
public sealed class RandomPosterization : ImagePreprocessingLayer
{
    // Truncation and bit masks need the exact integers 0–255: computed in float32.
    internal override MixedPrecision.AutocastMode AutocastMode => MixedPrecision.AutocastMode.Float32;

    /// <summary>Creates the layer.</summary>
    /// <param name="factor">The largest number of bits kept, in [1, 8]; alone, b is drawn in [1, factor].</param>
    /// <param name="factorLower">The smallest number of bits kept (default 1).</param>
    /// <param name="valueRange">(min, max) of the pixel values (Keras's default [0, 255]).</param>
    /// <param name="seed">A seed for reproducible draws.</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public RandomPosterization(int factor, int? factorLower = null, double[]? valueRange = null, int? seed = null, string? dataFormat = null,
                               string? name = null, bool trainable = true) : base(dataFormat, seed, name, trainable)
    {
        var low = factorLower ?? 1;
        if (!(low >= 1 && factor <= 8 && low <= factor))
            throw new ArgumentOutOfRangeException(factorLower is null ? nameof(factor) : nameof(factorLower),
                $"RandomPosterization: factor (bits kept) must be in [1, 8] and factorLower (default 1) in [1, factor]; received factor {factor}, factorLower {factorLower?.ToString() ?? "null"}.");
        (Factor, FactorLower) = (factor, factorLower);
        ValueRange = RandomBrightness.CheckRange("RandomPosterization", valueRange);
    }

    /// <summary>The largest number of bits kept.</summary>
    public int Factor { get; }
    /// <summary>The smallest number of bits kept, if given (default 1).</summary>
    public int? FactorLower { get; }
    /// <summary>(min, max) of pixel values.</summary>
    public double[] ValueRange { get; }

    /// <inheritdoc/>
    protected override bool IsIdentity(bool training) => !training;

    /// <inheritdoc/>
    protected override Tensor Transform(Tensor images, bool training)
    {
        var n = images.size(0);
        var low = FactorLower ?? 1;
        var steps = Uniform(n, 0, 1).Select(u => (float)Math.Pow(2, 8 - Math.Min(Factor, low + (int)(u * (Factor - low + 1))))).ToArray();
        var step = torch.tensor(steps, new long[] { n, 1, 1, 1 }).to(images.dtype);
        var pixels = Solarization.ToByteScale(images, ValueRange).clamp(0, 255).trunc();
        return Solarization.FromByteScale((pixels / step).floor() * step, ValueRange);
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        WithFormatAndSeed(With(base.GetConfig(), ("factor", Factor), ("factor_lower", FactorLower), ("value_range", ValueRange)));
}
