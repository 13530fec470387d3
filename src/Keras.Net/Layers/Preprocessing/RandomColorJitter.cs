namespace KerasNet.Layers;

/// <summary>
/// During training, applies in turn RandomBrightness, RandomContrast, RandomSaturation and RandomHue (Keras's
/// <c>RandomColorJitter</c>, same order), each only when its factor is given, all on <see cref="ValueRange"/>. A factor
/// is one value (the layer's single-value reading) or two (lower, upper), as in Keras. Identity at inference.
/// </summary>
/// <remarks>
/// With a seed s, the four steps draw from their own generators seeded s, s + 1, s + 2 and s + 3, so that their draws are
/// reproducible and independent of each other.
/// </remarks>
public sealed class RandomColorJitter : ImagePreprocessingLayer
{
    // Saturation and hue go through HSV (divisions by chroma): computed in float32 as those layers are.
    internal override MixedPrecision.AutocastMode AutocastMode => MixedPrecision.AutocastMode.Float32;

    private readonly RandomBrightness? brightness;
    private readonly RandomContrast? contrast;
    private readonly RandomSaturation? saturation;
    private readonly RandomHue? hue;

    /// <summary>Creates the layer.</summary>
    /// <param name="valueRange">(min, max) of the pixel values (Keras's default [0, 255]).</param>
    /// <param name="brightnessFactor">RandomBrightness's factor: one value f (offsets in [−f, f]) or (lower, upper); null skips the step.</param>
    /// <param name="contrastFactor">RandomContrast's factor: one value f (factors in [1 − f, 1 + f]) or (lower, upper); null skips the step.</param>
    /// <param name="saturationFactor">RandomSaturation's factor: one value f (drawn in [0, f]) or (lower, upper); null skips the step.</param>
    /// <param name="hueFactor">RandomHue's factor: one value f (drawn in [0, f]) or (lower, upper); null skips the step.</param>
    /// <param name="seed">A seed for reproducible draws.</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public RandomColorJitter(double[]? valueRange = null, double[]? brightnessFactor = null, double[]? contrastFactor = null,
                             double[]? saturationFactor = null, double[]? hueFactor = null, int? seed = null, string? dataFormat = null,
                             string? name = null, bool trainable = true) : base(dataFormat, seed, name, trainable)
    {
        ValueRange = RandomBrightness.CheckRange("RandomColorJitter", valueRange);
        var range = ValueRange;
        const string cf = "channels_first";
        brightness = Step(nameof(brightnessFactor), brightnessFactor, (f, lo) => new RandomBrightness(f, lo, range, Offset(0), cf));
        contrast = Step(nameof(contrastFactor), contrastFactor, (f, lo) => new RandomContrast(f, lo, range, Offset(1), cf));
        saturation = Step(nameof(saturationFactor), saturationFactor, (f, lo) => new RandomSaturation(f, lo, range, Offset(2), cf));
        hue = Step(nameof(hueFactor), hueFactor, (f, lo) => new RandomHue(f, lo, range, Offset(3), cf));
        (BrightnessFactor, ContrastFactor, SaturationFactor, HueFactor) =
            (brightnessFactor?.ToArray(), contrastFactor?.ToArray(), saturationFactor?.ToArray(), hueFactor?.ToArray());
    }

    /// <summary>(min, max) of pixel values.</summary>
    public double[] ValueRange { get; }
    /// <summary>The brightness factor (one value or lower, upper), if any.</summary>
    public double[]? BrightnessFactor { get; }
    /// <summary>The contrast factor (one value or lower, upper), if any.</summary>
    public double[]? ContrastFactor { get; }
    /// <summary>The saturation factor (one value or lower, upper), if any.</summary>
    public double[]? SaturationFactor { get; }
    /// <summary>The hue factor (one value or lower, upper), if any.</summary>
    public double[]? HueFactor { get; }

    private int? Offset(int step) => Seed is { } s ? s + step : null;

    /// <summary>Creates one step from a factor of one or two values, naming this layer's argument in any error.</summary>
    private static T? Step<T>(string argument, double[]? factor, Func<double, double?, T> create) where T : ImagePreprocessingLayer
    {
        if (factor is null) return null;
        if (factor.Length is not (1 or 2))
            throw new ArgumentException($"RandomColorJitter: {argument} must hold one value or two (lower, upper); received {factor.Length} values.", argument);
        try
        {
            return factor.Length == 1 ? create(factor[0], null) : create(factor[1], factor[0]);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"RandomColorJitter: {argument} [{string.Join(", ", factor)}] is not valid: {e.Message}", argument, e);
        }
    }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        base.ValidateInput(inputShape, inputCount);
        if (saturation is not null || hue is not null) RequireRgb(inputShape);
    }

    /// <inheritdoc/>
    protected override bool IsIdentity(bool training) => !training;

    /// <inheritdoc/>
    protected override Tensor Transform(Tensor images, bool training)
    {
        var x = images;
        foreach (var step in new ImagePreprocessingLayer?[] { brightness, contrast, saturation, hue })
            if (step is not null) x = step.TransformChannelsFirst(x, training);
        return x;
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        WithFormatAndSeed(With(base.GetConfig(), ("value_range", ValueRange), ("brightness_factor", BrightnessFactor), ("contrast_factor", ContrastFactor),
                                                 ("saturation_factor", SaturationFactor), ("hue_factor", HueFactor)));
}
