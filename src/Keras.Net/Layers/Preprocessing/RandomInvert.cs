namespace KerasNet.Layers;

/// <summary>
/// During training, inverts each image with probability <see cref="Factor"/>: a pixel x becomes max − x, max being the
/// top of <see cref="ValueRange"/> (Keras's <c>RandomInvert</c>). Identity at inference.
/// </summary>
public sealed class RandomInvert : ImagePreprocessingLayer
{
    /// <summary>Creates the layer (Keras defaults: every image inverted, values in [0, 255]).</summary>
    /// <param name="factor">The probability that an image is inverted, in [0, 1].</param>
    /// <param name="valueRange">(min, max) of the pixel values.</param>
    /// <param name="seed">A seed for reproducible draws.</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public RandomInvert(double factor = 1.0, double[]? valueRange = null, int? seed = null, string? dataFormat = null, string? name = null, bool trainable = true)
        : base(dataFormat, seed, name, trainable)
    {
        Factor = factor is >= 0 and <= 1 ? factor : throw new ArgumentOutOfRangeException(nameof(factor), factor, $"RandomInvert: factor is a probability and must be in [0, 1]; received {factor}.");
        ValueRange = RandomBrightness.CheckRange("RandomInvert", valueRange);
    }

    /// <summary>The probability that an image is inverted.</summary>
    public double Factor { get; }
    /// <summary>(min, max) of pixel values.</summary>
    public double[] ValueRange { get; }

    /// <inheritdoc/>
    protected override bool IsIdentity(bool training) => !training || Factor == 0;

    /// <inheritdoc/>
    protected override Tensor Transform(Tensor images, bool training)
    {
        var n = images.size(0);
        var chosen = torch.tensor(Uniform(n, 0, 1).Select(u => u < Factor).ToArray(), new long[] { n, 1, 1, 1 });
        return torch.where(chosen, ValueRange[1] - images, images);
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        WithFormatAndSeed(With(base.GetConfig(), ("factor", Factor), ("value_range", ValueRange)));
}
