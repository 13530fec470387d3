namespace KerasNet.Layers;

/// <summary>
/// Scales each image's contrast by a random factor in [1 − lower, 1 + upper] during training, as Keras's
/// <c>RandomContrast</c>: <c>(x − mean) · factor + mean</c> with the per-image, per-channel mean, clipped to
/// <see cref="ValueRange"/>. Identity at inference.
/// </summary>
public sealed class RandomContrast : ImagePreprocessingLayer
{
    /// <summary>Creates the layer.</summary>
    public RandomContrast(double factor, double? factorLower = null, double[]? valueRange = null, int? seed = null, string? dataFormat = null,
                          string? name = null, bool trainable = true) : base(dataFormat, seed, name, trainable)
    {
        var lower = factorLower ?? factor;
        if (factor < 0 || lower < 0 || lower > 1)
            throw new ArgumentOutOfRangeException(nameof(factor), $"RandomContrast: factors must be in [0, 1] for the lower bound and >= 0 for the upper; received {lower} and {factor}.");
        Factor = factor;
        FactorLower = factorLower;
        ValueRange = RandomBrightness.CheckRange("RandomContrast", valueRange);
    }

    /// <summary>The upper factor (and the lower, unless <see cref="FactorLower"/>).</summary>
    public double Factor { get; }
    /// <summary>The lower factor, if different.</summary>
    public double? FactorLower { get; }
    /// <summary>(min, max) of pixel values; outputs are clipped to it.</summary>
    public double[] ValueRange { get; }

    /// <inheritdoc/>
    protected override bool IsIdentity(bool training) => !training;

    /// <inheritdoc/>
    protected override Tensor Transform(Tensor images, bool training)
    {
        var n = images.size(0);
        var factors = Uniform(n, 1 - (FactorLower ?? Factor), 1 + Factor);
        var f = torch.tensor(factors, new long[] { n, 1, 1, 1 }).to(images.dtype);
        var mean = images.mean(new long[] { 2, 3 }, keepdim: true);
        return ((images - mean) * f + mean).clamp(ValueRange[0], ValueRange[1]);
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => WithFactorAndValueRange(base.GetConfig(), Factor, FactorLower, ValueRange);
}
