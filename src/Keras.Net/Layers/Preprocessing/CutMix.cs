namespace KerasNet.Layers;

/// <summary>
/// CutMix augmentation, as Keras's <c>CutMix</c>: each image i of a training batch gets a box of image p(i) (p a random
/// permutation of the batch) pasted over it. The batch draws alpha from [factorLower, factor] (a single factor f means
/// [0, f]); each image draws λᵢ ~ Beta(alpha, alpha) and a box of √(1 − λᵢ) times the width and the height at a
/// uniform position; the pixels with index x in [x0, x1) and y in [y0, y1) are replaced. Its one-hot label becomes
/// λ'ᵢ·yᵢ + (1 − λ'ᵢ)·y_p(i) with λ'ᵢ = 1 − (x1 − x0)(y1 − y0)/(width·height), the box's exact area as Keras computes it
/// (it can differ from the count of replaced pixels by a fraction of a row or column). On images alone only the images
/// are mixed; to mix labels too use <see cref="BatchMixingLayer.MixBatch(Tensor, Tensor)"/> or
/// <see cref="BatchMixingLayer.ApplyTo"/>. A single image (rank 3) or a batch of one is left as it is. Identity at
/// inference.
/// </summary>
public sealed class CutMix : BatchMixingLayer
{
    /// <summary>Creates the layer (Keras default: factor 1).</summary>
    /// <param name="factor">The upper bound of the Beta distribution's parameter, in [0, 1]; alone, alpha is drawn from [0, factor].</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="factorLower">With <paramref name="factor"/>, the range [factorLower, factor] of alpha (Keras's tuple form).</param>
    /// <param name="dataFormat">"channels_first" or "channels_last" (default: <see cref="Config.ImageDataFormat"/>).</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Unused (no weights).</param>
    /// <exception cref="ArgumentOutOfRangeException">factor or factorLower outside [0, 1], or factorLower above factor.</exception>
    public CutMix(double factor = 1.0, int? seed = null, double? factorLower = null, string? dataFormat = null, string? name = null, bool trainable = true)
        : base(seed, dataFormat, name, trainable)
    {
        foreach (var (value, argument) in new[] { (factor, nameof(factor)), (factorLower ?? 0, nameof(factorLower)) })
            if (!(value is >= 0 and <= 1))
                throw new ArgumentOutOfRangeException(argument, value, $"CutMix: {argument} must be in [0, 1]; received {value}.");
        if (factorLower > factor)
            throw new ArgumentOutOfRangeException(nameof(factorLower), factorLower, $"CutMix: factorLower ({factorLower}) exceeds factor ({factor}).");
        (Factor, FactorLower) = (factor, factorLower);
    }

    /// <summary>The upper bound of alpha.</summary>
    public double Factor { get; }
    /// <summary>The lower bound of alpha, if given (otherwise 0).</summary>
    public double? FactorLower { get; }

    /// <inheritdoc/>
    private protected override Mixing Draw(long count, long height, long width, Generator? generator)
    {
        // Keras's draw order: alpha, the weights, the x positions, the y positions, then the permutation.
        var lower = FactorLower ?? 0;
        var alpha = lower + Uniform01(1, generator)[0] * (Factor - lower) + 1e-6;
        var ratios = Beta(count, alpha, generator).Select(l => Math.Sqrt(1 - l)).ToArray();
        var (x0, x1) = Bounds(ratios, width, Uniform01(count, generator));
        var (y0, y1) = Bounds(ratios, height, Uniform01(count, generator));
        return Paste(Permutation(count, generator), x0, x1, y0, y1, height, width);
    }

    private static (float[] Start, float[] End) Bounds(double[] ratios, long length, float[] positions)
    {
        var start = new float[ratios.Length];
        var end = new float[ratios.Length];
        for (var i = 0; i < ratios.Length; i++)
        {
            var crop = (float)(ratios[i] * length);
            start[i] = positions[i] * (length - crop);
            end[i] = start[i] + crop;
        }
        return (start, end);
    }

    /// <summary>The mixing that pastes the box [x0, x1) × [y0, y1) (pixel indices) of image partners[i] over image i.</summary>
    internal static Mixing Paste(long[] partners, float[] x0, float[] x1, float[] y0, float[] y1, long height, long width)
    {
        var weights = new float[partners.Length];
        for (var i = 0; i < weights.Length; i++) weights[i] = 1 - (x1[i] - x0[i]) * (y1[i] - y0[i]) / (width * height);
        return new(partners, weights, (images, shuffled) =>
        {
            using var scope = torch.NewDisposeScope();
            Tensor Column(float[] v) => torch.tensor(v, new long[] { v.Length, 1, 1, 1 });
            var xs = torch.arange(width, ScalarType.Float32).reshape(1, 1, 1, width);
            var ys = torch.arange(height, ScalarType.Float32).reshape(1, 1, height, 1);
            var inside = (xs >= Column(x0)) & (xs < Column(x1)) & (ys >= Column(y0)) & (ys < Column(y1));
            return torch.where(inside.to(images.device), shuffled, images).MoveToOuterDisposeScope();
        });
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => WithFormatAndSeed(With(base.GetConfig(), ("factor", Factor), ("factor_lower", FactorLower)));
}
