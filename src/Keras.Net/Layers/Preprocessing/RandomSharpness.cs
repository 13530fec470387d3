namespace KerasNet.Layers;

/// <summary>
/// During training, blends each image with a blurred copy of itself (Keras's <c>RandomSharpness</c>): with f drawn per
/// image in [<see cref="FactorLower"/>, <see cref="Factor"/>] ⊂ [0, 1], the result is 2f·x + (1 − 2f)·blur(x), clipped
/// to <see cref="ValueRange"/>. f = 0 gives the blurred image, f = 0.5 the image itself, f = 1 a sharpened one. The blur
/// is the 3x3 kernel [[1, 1, 1], [1, 5, 1], [1, 1, 1]] / 13 applied to each channel. Identity at inference.
/// </summary>
/// <remarks>
/// The one-pixel border keeps its own values in the blurred image, as in PIL and torchvision's
/// <c>adjust_sharpness</c>; Keras 3 pads the blur with zeros, which darkens the border of blurred images.
/// </remarks>
public sealed class RandomSharpness : ImagePreprocessingLayer
{
    // A blend of a 13-term weighted sum: computed in float32 so that half-precision inputs are not blurred twice by rounding.
    internal override MixedPrecision.AutocastMode AutocastMode => MixedPrecision.AutocastMode.Float32;

    private static readonly float[] Kernel = { 1 / 13f, 1 / 13f, 1 / 13f, 1 / 13f, 5 / 13f, 1 / 13f, 1 / 13f, 1 / 13f, 1 / 13f };
    private readonly double lower;

    /// <summary>Creates the layer.</summary>
    /// <param name="factor">The largest f, in [0, 1]; a single value draws f in [0, factor] (Keras's reading).</param>
    /// <param name="factorLower">The smallest f (default 0); the same value as <paramref name="factor"/> fixes f.</param>
    /// <param name="valueRange">(min, max) of the pixel values (Keras's default [0, 255]).</param>
    /// <param name="seed">A seed for reproducible draws.</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public RandomSharpness(double factor, double? factorLower = null, double[]? valueRange = null, int? seed = null, string? dataFormat = null,
                           string? name = null, bool trainable = true) : base(dataFormat, seed, name, trainable)
    {
        (lower, _) = FactorRange("RandomSharpness", factor, factorLower);
        (Factor, FactorLower) = (factor, factorLower);
        ValueRange = RandomBrightness.CheckRange("RandomSharpness", valueRange);
    }

    /// <summary>The largest f.</summary>
    public double Factor { get; }
    /// <summary>The smallest f, if given (default 0).</summary>
    public double? FactorLower { get; }
    /// <summary>(min, max) of pixel values; outputs are clipped to it.</summary>
    public double[] ValueRange { get; }

    /// <inheritdoc/>
    protected override bool IsIdentity(bool training) => !training;

    /// <inheritdoc/>
    protected override Tensor Transform(Tensor images, bool training)
    {
        var n = images.size(0);
        var weights = Uniform(n, lower, Factor).Select(f => 2 * f).ToArray();
        var weight = torch.tensor(weights, new long[] { n, 1, 1, 1 }).to(images.dtype);
        var blurred = Blur(images);
        return (blurred + weight * (images - blurred)).clamp(ValueRange[0], ValueRange[1]);
    }

    /// <summary>The per-channel 3x3 blur of the interior pixels; border pixels (and images under 3x3) are kept.</summary>
    private static Tensor Blur(Tensor images)
    {
        long channels = images.size(1), height = images.size(2), width = images.size(3);
        if (height < 3 || width < 3) return images.alias();
        var kernel = torch.tensor(Kernel, new long[] { 1, 1, 3, 3 }).to(images.dtype).expand(channels, 1, 3, 3);
        var interior = F.conv2d(images, kernel, groups: channels);
        var blurred = images.clone();
        blurred.narrow(2, 1, height - 2).narrow(3, 1, width - 2).copy_(interior);
        return blurred;
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => WithFactorAndValueRange(base.GetConfig(), Factor, FactorLower, ValueRange);
}
