namespace KerasNet.Layers;

/// <summary>
/// During training, turns each RGB image into grayscale with probability <see cref="Factor"/> (luma
/// 0.2989 R + 0.5870 G + 0.1140 B, repeated on the three channels, so the shape does not change). Identity at inference.
/// </summary>
public sealed class RandomGrayscale : ImagePreprocessingLayer
{
    private static readonly float[] Luma = { 0.2989f, 0.5870f, 0.1140f };

    /// <summary>Creates the layer (Keras default: probability 0.5).</summary>
    /// <param name="factor">The probability that an image is converted, in [0, 1].</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="seed">A seed for reproducible draws.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public RandomGrayscale(double factor = 0.5, string? dataFormat = null, int? seed = null, string? name = null, bool trainable = true)
        : base(dataFormat, seed, name, trainable) =>
        Factor = factor is >= 0 and <= 1 ? factor : throw new ArgumentOutOfRangeException(nameof(factor), factor, $"RandomGrayscale: factor is a probability and must be in [0, 1]; received {factor}.");

    /// <summary>The probability that an image is converted.</summary>
    public double Factor { get; }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        base.ValidateInput(inputShape, inputCount);
        RequireRgb(inputShape);
    }

    /// <inheritdoc/>
    protected override bool IsIdentity(bool training) => !training || Factor == 0;

    /// <inheritdoc/>
    protected override Tensor Transform(Tensor images, bool training)
    {
        var n = images.size(0);
        var chosen = torch.tensor(Uniform(n, 0, 1).Select(u => u < Factor).ToArray(), new long[] { n, 1, 1, 1 });
        var weights = torch.tensor(Luma, new long[] { 1, 3, 1, 1 }).to(images.dtype);
        var gray = (images * weights).sum(new long[] { 1 }, keepdim: true).expand_as(images);
        return torch.where(chosen, gray, images);
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => WithFormatAndSeed(With(base.GetConfig(), ("factor", Factor)));
}
