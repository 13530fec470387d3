namespace KerasNet.Layers;

/// <summary>
/// MixUp augmentation, as Keras's <c>MixUp</c>: each image i of a training batch becomes λᵢ·xᵢ + (1 − λᵢ)·x_p(i),
/// where p is a random permutation of the batch and λᵢ ~ Beta(alpha, alpha); its one-hot label becomes
/// λᵢ·yᵢ + (1 − λᵢ)·y_p(i). On images alone (a layer in a model) only the images are mixed; to mix labels too use
/// <see cref="BatchMixingLayer.MixBatch(Tensor, Tensor)"/> or <see cref="BatchMixingLayer.ApplyTo"/>. A single image
/// (rank 3) or a batch of one is left as it is. Identity at inference.
/// </summary>
public sealed class MixUp : BatchMixingLayer
{
    /// <summary>Creates the layer (Keras default: alpha 0.2).</summary>
    /// <param name="alpha">The parameter of the Beta(alpha, alpha) distribution of λ, above 0: small values mix little, 1 mixes uniformly.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="dataFormat">"channels_first" or "channels_last" (default: <see cref="Config.ImageDataFormat"/>).</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Unused (no weights).</param>
    /// <exception cref="ArgumentOutOfRangeException">alpha not a finite number above 0.</exception>
    public MixUp(double alpha = 0.2, int? seed = null, string? dataFormat = null, string? name = null, bool trainable = true)
        : base(seed, dataFormat, name, trainable) =>
        Alpha = alpha > 0 && double.IsFinite(alpha) ? alpha
            : throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"MixUp: alpha is the Beta distribution's parameter and must be a finite number above 0 (Keras's default is 0.2); received {alpha}.");

    /// <summary>The Beta distribution's parameter.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    private protected override Mixing Draw(long count, long height, long width, Generator? generator)
    {
        // Keras's draw order: the permutation, then the weights.
        var partners = Permutation(count, generator);
        return Blend(partners, Beta(count, Alpha, generator));
    }

    /// <summary>The mixing of image i with image partners[i], weighted weights[i] and 1 − weights[i].</summary>
    internal static Mixing Blend(long[] partners, float[] weights) => new(partners, weights, (images, shuffled) =>
    {
        using var w = torch.tensor(weights, new long[] { weights.Length, 1, 1, 1 }).to(images.dtype, images.device);
        return images * w + shuffled * (1 - w);
    });

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => WithFormatAndSeed(With(base.GetConfig(), ("alpha", Alpha)));
}
