namespace KerasNet.Layers;

/// <summary>
/// During training, solarizes each image (Keras's <c>Solarization</c>): with pixels read on a 0–255 scale, a random
/// addition a ∈ [0, 255·additionFactor) is added and the sum clipped to [0, 255], then every value at or above a random
/// threshold t ∈ [0, 255·thresholdFactor) becomes 255 − value. a and t are drawn per image. With the defaults (both
/// factors 0) every pixel is inverted, as in Keras. Identity at inference.
/// </summary>
public sealed class Solarization : ImagePreprocessingLayer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="additionFactor">The largest addition as a fraction of 255, in [0, 1].</param>
    /// <param name="thresholdFactor">The largest threshold as a fraction of 255, in [0, 1].</param>
    /// <param name="valueRange">(min, max) of the pixel values (Keras's default [0, 255]).</param>
    /// <param name="seed">A seed for reproducible draws.</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public Solarization(double additionFactor = 0.0, double thresholdFactor = 0.0, double[]? valueRange = null, int? seed = null,
                        string? dataFormat = null, string? name = null, bool trainable = true)
        : base(dataFormat, seed, name, trainable)
    {
        AdditionFactor = CheckUnit("Solarization", additionFactor, nameof(additionFactor));
        ThresholdFactor = CheckUnit("Solarization", thresholdFactor, nameof(thresholdFactor));
        ValueRange = RandomBrightness.CheckRange("Solarization", valueRange);
    }

    /// <summary>The largest addition as a fraction of 255.</summary>
    public double AdditionFactor { get; }
    /// <summary>The largest threshold as a fraction of 255.</summary>
    public double ThresholdFactor { get; }
    /// <summary>(min, max) of pixel values.</summary>
    public double[] ValueRange { get; }

    /// <inheritdoc/>
    protected override bool IsIdentity(bool training) => !training;

    /// <inheritdoc/>
    protected override Tensor Transform(Tensor images, bool training)
    {
        var n = images.size(0);
        var additions = torch.tensor(Uniform(n, 0, AdditionFactor * 255), new long[] { n, 1, 1, 1 }).to(images.dtype);
        var thresholds = torch.tensor(Uniform(n, 0, ThresholdFactor * 255), new long[] { n, 1, 1, 1 }).to(images.dtype);
        var scaled = ToByteScale(images, ValueRange);
        var added = (scaled + additions).clamp(0, 255);
        var solarized = torch.where(added < thresholds, added, 255 - added);
        return FromByteScale(solarized, ValueRange);
    }

    /// <summary>Pixels of <paramref name="range"/> mapped onto [0, 255].</summary>
    internal static Tensor ToByteScale(Tensor images, double[] range) =>
        range[0] == 0 && range[1] == 255 ? images.alias() : (images - range[0]) * (255.0 / (range[1] - range[0]));

    /// <summary>Pixels on [0, 255] mapped back onto <paramref name="range"/>.</summary>
    internal static Tensor FromByteScale(Tensor images, double[] range) =>
        range[0] == 0 && range[1] == 255 ? images.alias() : images * ((range[1] - range[0]) / 255.0) + range[0];

    /// <summary>Checks a factor in [0, 1], naming the layer and the argument.</summary>
    internal static double CheckUnit(string layer, double value, string argument) =>
        value is >= 0 and <= 1 ? value
        : throw new ArgumentOutOfRangeException(argument, value, $"{layer}: {argument} must be in [0, 1]; received {value}.");

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        WithFormatAndSeed(With(base.GetConfig(), ("addition_factor", AdditionFactor), ("threshold_factor", ThresholdFactor), ("value_range", ValueRange)));
}
