namespace KerasNet.Layers;

/// <summary>
/// During training, warps images by a random perspective (projective) transform, as Keras's <c>RandomPerspective</c>:
/// each image draws a probability p from [factorLower, factor] (a single factor f means [0, f]) and is warped when a
/// second uniform draw falls below p; a warped image moves its corners (x, y) (pixel indices) to
/// (x + x·dx, y + y·dy) with dx, dy drawn from [−scale/2, scale/2] (so the top-left corner stays), and each output
/// pixel reads the input through the homography that maps the moved corners back onto the original ones. Points
/// outside the image take <see cref="FillValue"/>. Identity at inference.
/// </summary>
public sealed class RandomPerspective : ImagePreprocessingLayer
{
    /// <summary>Creates the layer (Keras defaults: factor 1, scale 1, bilinear, fill 0).</summary>
    /// <param name="factor">The upper bound of the per-image probability of warping, in [0, 1]; alone, the probability is drawn from [0, factor].</param>
    /// <param name="scale">How far the corners move, in [0, 1]: each coordinate by up to ±scale/2 of itself.</param>
    /// <param name="interpolation">"bilinear" or "nearest".</param>
    /// <param name="fillValue">The value of points outside the image.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="factorLower">With <paramref name="factor"/>, the range [factorLower, factor] of the probability (Keras's tuple form).</param>
    /// <param name="dataFormat">"channels_first" or "channels_last" (default: <see cref="Config.ImageDataFormat"/>).</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Unused (no weights).</param>
    /// <exception cref="ArgumentOutOfRangeException">factor, factorLower or scale outside [0, 1], or factorLower above factor.</exception>
    /// <exception cref="ArgumentException">An unknown interpolation.</exception>
    public RandomPerspective(double factor = 1.0, double scale = 1.0, string interpolation = "bilinear", double fillValue = 0.0, int? seed = null,
                             double? factorLower = null, string? dataFormat = null, string? name = null, bool trainable = true)
        : base(dataFormat, seed, name, trainable)
    {
        foreach (var (value, argument) in new[] { (factor, nameof(factor)), (factorLower ?? 0, nameof(factorLower)), (scale, nameof(scale)) })
            if (!(value is >= 0 and <= 1))
                throw new ArgumentOutOfRangeException(argument, value, $"RandomPerspective: {argument} must be in [0, 1]; received {value}.");
        if (factorLower > factor)
            throw new ArgumentOutOfRangeException(nameof(factorLower), factorLower,
                $"RandomPerspective: factorLower ({factorLower}) exceeds factor ({factor}); give the lower bound of the probability range first.");
        CheckFill("RandomPerspective", "constant", interpolation);
        (Factor, Scale, Interpolation, FillValue, FactorLower) = (factor, scale, interpolation, fillValue, factorLower);
    }

    /// <summary>The upper bound of the probability of warping.</summary>
    public double Factor { get; }
    /// <summary>The lower bound of the probability, if given (otherwise 0).</summary>
    public double? FactorLower { get; }
    /// <summary>How far the corners move (±scale/2 of each coordinate).</summary>
    public double Scale { get; }
    /// <summary>"bilinear" or "nearest".</summary>
    public string Interpolation { get; }
    /// <summary>The value of points outside the image.</summary>
    public double FillValue { get; }

    /// <inheritdoc/>
    protected override bool IsIdentity(bool training) => !training;

    /// <inheritdoc/>
    protected override Tensor Transform(Tensor images, bool training)
    {
        long n = images.size(0), height = images.size(2), width = images.size(3);
        // Keras's draw order: the probabilities, the thresholds, then the corner offsets.
        var probability = Uniform(n, FactorLower ?? 0, Factor);
        var threshold = Uniform(n, 0, 1);
        var offsets = Uniform(n * 8, -0.5 * Scale, 0.5 * Scale);
        var start = Corners(n, height, width);
        var end = new double[n * 8];
        for (var i = 0; i < end.Length; i++) end[i] = start[i] + start[i] * offsets[i];
        var warped = Warp(images, start, end, Interpolation, FillValue);
        var apply = torch.tensor(probability.Zip(threshold, (p, t) => t < p).ToArray(), new long[] { n, 1, 1, 1 }).to(images.device);
        return torch.where(apply, warped, images);
    }

    /// <summary>The corners (0, 0), (W−1, 0), (0, H−1), (W−1, H−1) of <paramref name="count"/> images, as (x, y) pairs.</summary>
    internal static double[] Corners(long count, long height, long width)
    {
        var corners = new double[count * 8];
        for (var i = 0; i < count; i++)
        {
            corners[i * 8 + 2] = corners[i * 8 + 6] = width - 1;
            corners[i * 8 + 5] = corners[i * 8 + 7] = height - 1;
        }
        return corners;
    }

    /// <summary>
    /// Warps each image so that the points <paramref name="end"/> of the output read the points <paramref name="start"/>
    /// of the input (four (x, y) pixel-index pairs per image, flat), filling outside the image with a constant.
    /// </summary>
    internal static Tensor Warp(Tensor x, double[] start, double[] end, string interpolation, double fillValue)
    {
        using var scope = torch.NewDisposeScope();
        var grid = Grid(Homographies(start, end), x.size(2), x.size(3)).to(x.dtype, x.device);
        var mode = TorchModes.GridSample(interpolation);
        var shifted = fillValue == 0 ? x : x - fillValue;
        var sampled = F.grid_sample(shifted, grid, mode, torch.GridSamplePaddingMode.Zeros, align_corners: false);
        return (fillValue == 0 ? sampled : sampled + fillValue).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The eight coefficients (a0..a7) of the homography taking each image's end points onto its start points:
    /// x_in = (a0·x + a1·y + a2)/(a6·x + a7·y + 1), y_in = (a3·x + a4·y + a5)/(a6·x + a7·y + 1). Solved in float64.
    /// </summary>
    internal static Tensor Homographies(double[] start, double[] end)
    {
        var n = start.Length / 8;
        var system = new double[n * 64];
        for (var b = 0; b < n; b++)
            for (var k = 0; k < 4; k++)
            {
                double ex = end[b * 8 + 2 * k], ey = end[b * 8 + 2 * k + 1], sx = start[b * 8 + 2 * k], sy = start[b * 8 + 2 * k + 1];
                var row = b * 64 + 16 * k;
                new[] { ex, ey, 1, 0, 0, 0, -sx * ex, -sx * ey }.CopyTo(system, row);
                new[] { 0, 0, 0, ex, ey, 1, -sy * ex, -sy * ey }.CopyTo(system, row + 8);
            }
        var targets = new double[n * 8];
        for (var b = 0; b < n; b++)
            for (var k = 0; k < 4; k++) (targets[b * 8 + 2 * k], targets[b * 8 + 2 * k + 1]) = (start[b * 8 + 2 * k], start[b * 8 + 2 * k + 1]);
        using var a = torch.tensor(system, new long[] { n, 8, 8 });
        using var t = torch.tensor(targets, new long[] { n, 8, 1 });
        using var solution = torch.linalg.solve(a, t);
        return solution.squeeze(-1);
    }

    /// <summary>The (batch, height, width, 2) float64 sampling grid of homographies (normalized coordinates, align_corners false).</summary>
    internal static Tensor Grid(Tensor coefficients, long height, long width)
    {
        using var scope = torch.NewDisposeScope();
        var c = coefficients.unsqueeze(-1).unsqueeze(-1);
        var xs = torch.arange(width, ScalarType.Float64).reshape(1, 1, width);
        var ys = torch.arange(height, ScalarType.Float64).reshape(1, height, 1);
        var denominator = c.select(1, 6) * xs + c.select(1, 7) * ys + 1;
        var xIn = (c.select(1, 0) * xs + c.select(1, 1) * ys + c.select(1, 2)) / denominator;
        var yIn = (c.select(1, 3) * xs + c.select(1, 4) * ys + c.select(1, 5)) / denominator;
        var u = (xIn * 2 + 1) / width - 1;
        var v = (yIn * 2 + 1) / height - 1;
        return torch.stack(new[] { u, v }, -1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        WithFormatAndSeed(With(base.GetConfig(), ("factor", Factor), ("factor_lower", FactorLower), ("scale", Scale),
            ("interpolation", Interpolation), ("fill_value", FillValue)));
}
