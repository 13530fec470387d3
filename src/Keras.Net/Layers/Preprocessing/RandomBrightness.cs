namespace KerasNet.Layers;

/// <summary>
/// Adds a random brightness offset to each image during training, as Keras's <c>RandomBrightness</c>: the offset is
/// u · (max − min) of <see cref="ValueRange"/> with u in [lower, upper] ⊂ [−1, 1] (factor f alone means [−f, f]),
/// and the result is clipped to the range. Identity at inference.
/// </summary>
public sealed class RandomBrightness : ImagePreprocessingLayer
{
    /// <summary>Creates the layer.</summary>
    public RandomBrightness(double factor, double? factorLower = null, double[]? valueRange = null, int? seed = null, string? dataFormat = null,
                            string? name = null, bool trainable = true) : base(dataFormat, seed, name, trainable)
    {
        Factor = factor;
        FactorLower = factorLower;
        (lower, upper) = RandomAffineLayer.Range("RandomBrightness", nameof(factor), factor, factorLower);
        if (lower < -1 || upper > 1)
            throw new ArgumentOutOfRangeException(nameof(factor), $"RandomBrightness: factors must be in [-1, 1]; received [{lower}, {upper}].");
        ValueRange = CheckRange("RandomBrightness", valueRange);
    }

    private readonly double lower;
    private readonly double upper;

    /// <summary>The factor as given.</summary>
    public double Factor { get; }
    /// <summary>The lower factor, if given.</summary>
    public double? FactorLower { get; }
    /// <summary>(min, max) of pixel values.</summary>
    public double[] ValueRange { get; }

    /// <inheritdoc/>
    protected override bool IsIdentity(bool training) => !training;

    /// <inheritdoc/>
    protected override Tensor Transform(Tensor images, bool training)
    {
        var n = images.size(0);
        var span = ValueRange[1] - ValueRange[0];
        var deltas = Uniform(n, lower * span, upper * span);
        var d = torch.tensor(deltas, new long[] { n, 1, 1, 1 }).to(images.dtype);
        return (images + d).clamp(ValueRange[0], ValueRange[1]);
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => WithFactorAndValueRange(base.GetConfig(), Factor, FactorLower, ValueRange);

    internal static double[] CheckRange(string layer, double[]? valueRange)
    {
        var range = valueRange ?? new double[] { 0, 255 };
        if (range.Length != 2 || !(range[0] < range[1]))
            throw new ArgumentException($"{layer}: valueRange must be (min, max) with min < max; received [{string.Join(", ", range)}].", nameof(valueRange));
        return range.ToArray();
    }
}
