namespace KerasNet.Layers;

/// <summary>
/// During training, scales the saturation of each RGB image (Keras's <c>RandomSaturation</c>): with f drawn per image
/// in [<see cref="HsvAdjustmentLayer.FactorLower"/>, <see cref="HsvAdjustmentLayer.Factor"/>] ⊂ [0, 1], the HSV saturation is multiplied by
/// f / (1 − f + 1e-7) and clipped to [0, 1]. f = 0 gives grayscale (the HSV value of each pixel), f = 0.5 leaves
/// images unchanged and f = 1 saturates fully. Identity at inference.
/// </summary>
/// <remarks>
/// Pixels are mapped from <see cref="HsvAdjustmentLayer.ValueRange"/> onto [0, 1] before the HSV conversion and the saturation is clipped
/// to [0, 1]. Keras 3 converts the raw values and clips the saturation to the value range; both agree for ranges that
/// start at 0 and saturations within [0, 1], and Keras's clip lets a saturation above 1 through on [0, 255] images
/// (negative pixels). A single factor draws f in [0, factor], as Keras documents.
/// </remarks>
public sealed class RandomSaturation : HsvAdjustmentLayer
{
    private const double Epsilon = 1e-7;
    /// <summary>Creates the layer.</summary>
    /// <param name="factor">The largest f, in [0, 1]; a single value draws f in [0, factor].</param>
    /// <param name="factorLower">The smallest f (default 0); the same value as <paramref name="factor"/> fixes f.</param>
    /// <param name="valueRange">(min, max) of the pixel values (Keras's default [0, 255]).</param>
    /// <param name="seed">A seed for reproducible draws.</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public RandomSaturation(double factor, double? factorLower = null, double[]? valueRange = null, int? seed = null, string? dataFormat = null,
                            string? name = null, bool trainable = true)
        : base(factor, factorLower, valueRange, seed, dataFormat, name, trainable)
    {
    }

    /// <inheritdoc/>
    protected override bool IsIdentity(bool training) => !training;

    /// <inheritdoc/>
    protected override Tensor Transform(Tensor images, bool training)
    {
        var n = images.size(0);
        var scales = Uniform(n, Lower, Factor).Select(f => (float)(f / (1 - f + Epsilon))).ToArray();
        var scale = torch.tensor(scales, new long[] { n, 1, 1, 1 }).to(images.dtype);
        var hsv = ColorMath.RgbToHsv(ColorMath.ToUnit(images, ValueRange));
        var saturation = (hsv.narrow(1, 1, 1) * scale).clamp(0, 1);
        var rgb = ColorMath.HsvToRgb(torch.cat(new[] { hsv.narrow(1, 0, 1), saturation, hsv.narrow(1, 2, 1) }, 1));
        return ColorMath.FromUnit(rgb, ValueRange);
    }
}
