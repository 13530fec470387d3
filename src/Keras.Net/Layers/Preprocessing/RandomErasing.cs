namespace KerasNet.Layers;

/// <summary>
/// During training, erases a random rectangle of some images (Keras's <c>RandomErasing</c>, after Zhong et al.'s Random
/// Erasing): per image, a probability p is drawn in [<see cref="FactorLower"/>, <see cref="Factor"/>] and the image is
/// erased when a uniform draw falls below p. The rectangle's width and height are √a·width and √b·height with a, b
/// drawn in [<see cref="Scale"/>[0], <see cref="Scale"/>[1]], placed uniformly inside the image; its pixels (all
/// channels) become <see cref="FillValue"/>, or Gaussian noise times the range's max when no fill value is given, clipped
/// to <see cref="ValueRange"/>. Identity at inference.
/// </summary>
/// <remarks>
/// As in Keras, a single factor f draws p in [0, f], so the default factor 1 erases about half of the images; pass
/// <c>factorLower: 1</c> to erase every image. Keras also takes a per-channel fill value; here it is one number.
/// </remarks>
public sealed class RandomErasing : ImagePreprocessingLayer
{
    private readonly double lower;

    /// <summary>Creates the layer.</summary>
    /// <param name="factor">The largest erasing probability, in [0, 1] (Keras's default 1).</param>
    /// <param name="factorLower">The smallest erasing probability (default 0).</param>
    /// <param name="scale">(lower, upper) ⊂ [0, 1] of the fractions a, b of the sides' squares (Keras's default (0.02, 0.33)).</param>
    /// <param name="fillValue">The value of erased pixels; null fills with Gaussian noise times the range's max.</param>
    /// <param name="valueRange">(min, max) of the pixel values (Keras's default [0, 255]).</param>
    /// <param name="seed">A seed for reproducible draws.</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public RandomErasing(double factor = 1.0, double? factorLower = null, double[]? scale = null, double? fillValue = null, double[]? valueRange = null,
                         int? seed = null, string? dataFormat = null, string? name = null, bool trainable = true) : base(dataFormat, seed, name, trainable)
    {
        (lower, _) = FactorRange("RandomErasing", factor, factorLower);
        (Factor, FactorLower, FillValue) = (factor, factorLower, fillValue);
        var s = scale ?? new[] { 0.02, 0.33 };
        if (s.Length != 2 || !(s[0] >= 0 && s[0] <= s[1] && s[1] <= 1))
            throw new ArgumentOutOfRangeException(nameof(scale), $"RandomErasing: scale must be (lower, upper) with 0 <= lower <= upper <= 1; received [{string.Join(", ", s)}].");
        Scale = s.ToArray();
        ValueRange = RandomBrightness.CheckRange("RandomErasing", valueRange);
    }

    /// <summary>The largest erasing probability.</summary>
    public double Factor { get; }
    /// <summary>The smallest erasing probability, if given (default 0).</summary>
    public double? FactorLower { get; }
    /// <summary>(lower, upper) of the fractions whose square roots give the rectangle's sides.</summary>
    public double[] Scale { get; }
    /// <summary>The value of erased pixels (null: Gaussian noise).</summary>
    public double? FillValue { get; }
    /// <summary>(min, max) of pixel values.</summary>
    public double[] ValueRange { get; }

    /// <inheritdoc/>
    protected override bool IsIdentity(bool training) => !training || Factor == 0;

    /// <inheritdoc/>
    protected override Tensor Transform(Tensor images, bool training)
    {
        long n = images.size(0), height = images.size(2), width = images.size(3);
        var sides = Uniform(2 * n, Scale[0], Scale[1]).Select(v => Math.Sqrt(v)).ToArray();
        var across = Uniform(n, 0, 1);
        var down = Uniform(n, 0, 1);
        var probabilities = Uniform(n, lower, Factor);
        var draws = Uniform(n, 0, 1);
        var bounds = new float[4 * n];
        for (var i = 0; i < n; i++)
        {
            double w = sides[2 * i] * width, h = sides[2 * i + 1] * height;
            double x0 = across[i] * (width - w), y0 = down[i] * (height - h);
            var erase = draws[i] < probabilities[i];
            // An image left alone gets an empty rectangle.
            (bounds[4 * i], bounds[4 * i + 1]) = erase ? ((float)x0, (float)(x0 + w)) : (0f, 0f);
            (bounds[4 * i + 2], bounds[4 * i + 3]) = ((float)y0, (float)(y0 + h));
        }
        var box = torch.tensor(bounds, new long[] { n, 4, 1, 1 });
        var columns = torch.arange(width, ScalarType.Float32).reshape(1, 1, 1, width);
        var rows = torch.arange(height, ScalarType.Float32).reshape(1, 1, height, 1);
        var mask = (columns >= box.narrow(1, 0, 1)) & (columns < box.narrow(1, 1, 1)) & (rows >= box.narrow(1, 2, 1)) & (rows < box.narrow(1, 3, 1));
        var fill = FillValue is { } v
            ? torch.full(images.shape, Math.Clamp(v, ValueRange[0], ValueRange[1]), images.dtype)
            : (torch.randn(images.shape, images.dtype, generator: Generator) * ValueRange[1]).clamp(ValueRange[0], ValueRange[1]);
        return torch.where(mask.to(images.device), fill.to(images.device), images);
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        WithFormatAndSeed(With(base.GetConfig(), ("factor", Factor), ("factor_lower", FactorLower), ("scale", Scale), ("fill_value", FillValue),
                                                 ("value_range", ValueRange)));
}
