
namespace KerasNet.Layers;

/// <summary>
/// Mirrors each image with probability 1/2 during training, as Keras's <c>RandomFlip</c>: mode "horizontal"
/// (left–right), "vertical" (top–bottom) or "horizontal_and_vertical" (each independently). Identity at inference.
/// </summary>
public sealed class RandomFlip : ImagePreprocessingLayer
{
    /// <summary>Creates the layer.</summary>
    public RandomFlip(string mode = "horizontal_and_vertical", int? seed = null, string? dataFormat = null, string? name = null, bool trainable = true)
        : base(dataFormat, seed, name, trainable)
    {
        Mode = mode is "horizontal" or "vertical" or "horizontal_and_vertical"
            ? mode
            : throw new ArgumentException($"RandomFlip: mode must be 'horizontal', 'vertical' or 'horizontal_and_vertical'; received '{mode}'.", nameof(mode));
    }

    /// <summary>Which flips are drawn.</summary>
    public string Mode { get; }

    /// <inheritdoc/>
    protected override bool IsIdentity(bool training) => !training;

    /// <inheritdoc/>
    protected override Tensor Transform(Tensor images, bool training)
    {
        var x = images;
        if (Mode != "vertical") x = FlipSome(x, 3);
        if (Mode != "horizontal") x = FlipSome(x, 2);
        return x;
    }

    private Tensor FlipSome(Tensor x, long axis)
    {
        var draws = torch.rand(new long[] { x.size(0), 1, 1, 1 }, generator: Generator);
        return torch.where(draws < 0.5, x.flip(axis), x);
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["mode"] = Mode;
        return WithFormatAndSeed(config);
    }
}

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
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["factor"] = Factor;
        config["factor_lower"] = FactorLower;
        config["value_range"] = ValueRange;
        return WithFormatAndSeed(config);
    }
}

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
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["factor"] = Factor;
        config["factor_lower"] = FactorLower;
        config["value_range"] = ValueRange;
        return WithFormatAndSeed(config);
    }

    internal static double[] CheckRange(string layer, double[]? valueRange)
    {
        var range = valueRange ?? new double[] { 0, 255 };
        if (range.Length != 2 || !(range[0] < range[1]))
            throw new ArgumentException($"{layer}: valueRange must be (min, max) with min < max; received [{string.Join(", ", range)}].", nameof(valueRange));
        return range.ToArray();
    }
}
