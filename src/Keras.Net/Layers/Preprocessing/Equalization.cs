namespace KerasNet.Layers;

/// <summary>
/// During training, equalizes the histogram of each channel of each image (Keras's <c>Equalization</c>): with pixels
/// read on a 0–255 scale, bin b = ⌊v·(bins − 1)/255⌋ and the cumulative count c(b), a pixel becomes
/// round(255·(c(b) − c_min)/(c_last − c_min)) (c_min the first non-zero cumulative count), clipped to [0, 255] and
/// mapped back to the value range. A channel whose pixels all fall in one bin is left as it is. Identity at inference.
/// </summary>
/// <remarks>
/// The histogram is each image's own, as in PIL and torchvision, so an image gives the same result alone or in any
/// batch; Keras 3's backends count the pixels of a channel over the whole batch.
/// </remarks>
public sealed class Equalization : ImagePreprocessingLayer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="valueRange">(min, max) of the pixel values (Keras's default [0, 255]).</param>
    /// <param name="bins">The number of histogram bins (Keras's default 256), at least 2.</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public Equalization(double[]? valueRange = null, int bins = 256, string? dataFormat = null, string? name = null, bool trainable = true)
        : base(dataFormat, null, name, trainable)
    {
        ValueRange = RandomBrightness.CheckRange("Equalization", valueRange);
        Bins = bins >= 2 ? bins : throw new ArgumentOutOfRangeException(nameof(bins), bins, $"Equalization: bins must be at least 2; received {bins}.");
    }

    /// <summary>(min, max) of pixel values.</summary>
    public double[] ValueRange { get; }
    /// <summary>The number of histogram bins.</summary>
    public int Bins { get; }

    /// <inheritdoc/>
    protected override bool IsIdentity(bool training) => !training;

    /// <inheritdoc/>
    protected override Tensor Transform(Tensor images, bool training)
    {
        var shape = images.shape;
        var pixels = Solarization.ToByteScale(images, ValueRange).flatten(2);
        var index = (pixels * ((Bins - 1) / 255.0)).trunc().clamp(0, Bins - 1).to(ScalarType.Int64);
        var histogram = torch.zeros(new[] { shape[0], shape[1], (long)Bins }, pixels.dtype, pixels.device)
            .scatter_add_(2, index, torch.ones_like(pixels));
        var cdf = histogram.cumsum(2);
        var total = cdf.narrow(2, Bins - 1, 1);
        var first = torch.where(cdf > 0, cdf, total).amin(new long[] { 2 }, keepdim: true);
        var denominator = total - first;
        denominator = torch.where(denominator == 0, torch.ones_like(denominator), denominator);
        var table = ((cdf - first) * 255 / denominator).round().clamp(0, 255);
        var equalized = table.gather(2, index);
        var populated = (histogram > 0).sum(dim: 2, keepdim: true);
        var result = torch.where(populated <= 1, pixels, equalized).reshape(shape);
        return Solarization.FromByteScale(result, ValueRange);
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        WithFormatAndSeed(With(base.GetConfig(), ("value_range", ValueRange), ("bins", Bins)), seed: false);
}
