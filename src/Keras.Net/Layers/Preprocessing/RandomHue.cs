namespace KerasNet.Layers;

/// <summary>
/// During training, rotates the hue of each RGB image (Keras's <c>RandomHue</c>): pixels are mapped from
/// <see cref="HsvAdjustmentLayer.ValueRange"/> onto [0, 1] and converted to HSV, the hue is turned by ±m/2 of a full turn, m drawn per
/// image in [<see cref="HsvAdjustmentLayer.FactorLower"/>, <see cref="HsvAdjustmentLayer.Factor"/>] and the sign drawn with even odds, and the result is
/// converted back to RGB, clipped and mapped back to the range. Factor 0 leaves images unchanged; factor 1 turns hues
/// by up to half a turn. Identity at inference.
/// </summary>
public sealed class RandomHue : HsvAdjustmentLayer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="factor">The largest m, in [0, 1]; a single value f draws m in [0, f] (Keras's reading).</param>
    /// <param name="factorLower">The smallest m (default 0); pass the same value as <paramref name="factor"/> for a fixed turn of ±factor/2.</param>
    /// <param name="valueRange">(min, max) of the pixel values (Keras's default [0, 255]).</param>
    /// <param name="seed">A seed for reproducible draws.</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public RandomHue(double factor, double? factorLower = null, double[]? valueRange = null, int? seed = null, string? dataFormat = null,
                     string? name = null, bool trainable = true)
        : base(factor, factorLower, valueRange, seed, dataFormat, name, trainable)
    {
    }

    /// <inheritdoc/>
    protected override bool IsIdentity(bool training) => !training || Factor == 0;

    /// <inheritdoc/>
    protected override Tensor Transform(Tensor images, bool training)
    {
        var n = images.size(0);
        var signs = Uniform(n, 0, 1);
        var magnitudes = Uniform(n, Lower, Factor);
        var turns = magnitudes.Select((m, i) => (signs[i] > 0.5f ? -0.5f : 0.5f) * m).ToArray();
        var delta = torch.tensor(turns, new long[] { n, 1, 1, 1 }).to(images.dtype);
        var hsv = ColorMath.RgbToHsv(ColorMath.ToUnit(images, ValueRange));
        var hue = hsv.narrow(1, 0, 1) + delta;
        var rgb = ColorMath.HsvToRgb(torch.cat(new[] { hue, hsv.narrow(1, 1, 2) }, 1)).clamp(0, 1);
        return ColorMath.FromUnit(rgb, ValueRange);
    }
}
