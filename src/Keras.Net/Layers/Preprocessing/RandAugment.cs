namespace KerasNet.Layers;

/// <summary>
/// During training, applies <see cref="NumOps"/> augmentations picked at random among eleven (Keras's
/// <c>RandAugment</c>): shear, translation, rotation, brightness, color degeneration (a desaturation), contrast,
/// sharpness, posterization, solarization, auto-contrast and equalization. As in Keras, the picks are made once per
/// call, so every image of a batch goes through the same augmentations, in the (random) order they were picked, and no
/// augmentation is picked twice in a call; each augmentation then draws its own magnitude per image. Identity at
/// inference.
/// </summary>
/// <remarks>
/// <para><see cref="Factor"/> f (in [0, 1]) scales every magnitude. With f = 0 the first eight augmentations change
/// nothing; the picks and their ranges are:</para>
/// <list type="bullet">
/// <item><see cref="RandomShear"/>: shears sx, sy in [−f, f]; <see cref="RandomTranslation"/>: shifts in [−f, f] of the
/// height and width; <see cref="RandomRotation"/>: angles in [−f, f] of a full turn (all three with
/// <see cref="Interpolation"/> and reflect filling);</item>
/// <item><see cref="RandomBrightness"/>: offsets in [−f, f]·(max − min); <see cref="RandomSaturation"/> (Keras's
/// <c>RandomColorDegeneration</c>): saturation scaled by [1 − f, 1] (RandomSaturation's factor in [(1 − f)/(2 − f), 1/2]);
/// <see cref="RandomContrast"/>: contrast factors in [1 − f, 1 + f]; <see cref="RandomSharpness"/>: blend weights on the image in
/// [1 − f, 1 + f] (factors in [(1 − f)/2, (1 + f)/2]; weight 1 leaves the image unchanged);</item>
/// <item><see cref="RandomPosterization"/>: keeps b bits, b an integer in [max(1, 8 − ⌊8f⌋), 8];</item>
/// <item><see cref="Solarization"/> with additionFactor = thresholdFactor = f; <see cref="AutoContrast"/> and
/// <see cref="Equalization"/>, which have no magnitude.</item>
/// </list>
/// <para>With a seed s, the picks draw from this layer's generator (seeded s) and the i-th augmentation above (i from
/// 0) from its own generator seeded s + 1 + i. A <see cref="NumOps"/> above 11 applies all eleven, as Keras's slice of
/// its shuffled list does. The images must be RGB (the color degeneration works in HSV).</para>
/// </remarks>
public sealed class RandAugment : ImagePreprocessingLayer
{
    // Saturation goes through HSV and posterization needs exact integers: computed in float32 as those layers are.
    internal override MixedPrecision.AutocastMode AutocastMode => MixedPrecision.AutocastMode.Float32;

    private readonly ImagePreprocessingLayer[] augmentations;

    /// <summary>Creates the layer (Keras defaults: [0, 255], two augmentations, factor 0.5, bilinear).</summary>
    /// <param name="valueRange">(min, max) of the pixel values (Keras's default [0, 255]).</param>
    /// <param name="numOps">How many augmentations each call applies, at least 0.</param>
    /// <param name="factor">The magnitude of every augmentation, in [0, 1] (see the remarks).</param>
    /// <param name="interpolation">"bilinear" or "nearest", for shear, translation and rotation.</param>
    /// <param name="seed">A seed for reproducible draws.</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numOps"/> below 0 or <paramref name="factor"/> outside [0, 1].</exception>
    /// <exception cref="ArgumentException">A <paramref name="valueRange"/> that is not (min, max) with min &lt; max, or an unknown interpolation.</exception>
    public RandAugment(double[]? valueRange = null, int numOps = 2, double factor = 0.5, string interpolation = "bilinear", int? seed = null,
                       string? dataFormat = null, string? name = null, bool trainable = true) : base(dataFormat, seed, name, trainable)
    {
        ValueRange = RandomBrightness.CheckRange("RandAugment", valueRange);
        NumOps = numOps >= 0 ? numOps
            : throw new ArgumentOutOfRangeException(nameof(numOps), numOps, $"RandAugment: numOps (augmentations per call) must be at least 0; received {numOps}.");
        Factor = Solarization.CheckUnit("RandAugment", factor, nameof(factor));
        CheckFill("RandAugment", "reflect", interpolation);
        Interpolation = interpolation;
        augmentations = CreateAugmentations();
    }

    /// <summary>(min, max) of pixel values.</summary>
    public double[] ValueRange { get; }
    /// <summary>How many augmentations each call applies.</summary>
    public int NumOps { get; }
    /// <summary>The magnitude of every augmentation, in [0, 1].</summary>
    public double Factor { get; }
    /// <summary>"bilinear" or "nearest", for the geometric augmentations.</summary>
    public string Interpolation { get; }

    /// <summary>The eleven candidate augmentations, in the order of the class remarks (their seeds follow it).</summary>
    internal IReadOnlyList<ImagePreprocessingLayer> Augmentations => augmentations;

    private ImagePreprocessingLayer[] CreateAugmentations()
    {
        double f = Factor;
        var range = ValueRange;
        var format = DataFormats.Name(Format);
        var seeds = Enumerable.Range(1, 11).Select(i => Seed is { } s ? s + i : (int?)null).ToArray();
        return new ImagePreprocessingLayer[]
        {
            new RandomShear(f, f, Interpolation, seed: seeds[0], dataFormat: format),
            new RandomTranslation(f, f, interpolation: Interpolation, seed: seeds[1], dataFormat: format),
            new RandomRotation(f, interpolation: Interpolation, seed: seeds[2], dataFormat: format),
            new RandomBrightness(f, valueRange: range, seed: seeds[3], dataFormat: format),
            new RandomSaturation(0.5, factorLower: (1 - f) / (2 - f), valueRange: range, seed: seeds[4], dataFormat: format),
            new RandomContrast(f, valueRange: range, seed: seeds[5], dataFormat: format),
            new RandomSharpness((1 + f) / 2, factorLower: (1 - f) / 2, valueRange: range, seed: seeds[6], dataFormat: format),
            new RandomPosterization(8, factorLower: Math.Max(1, 8 - (int)Math.Floor(8 * f)), valueRange: range, seed: seeds[7], dataFormat: format),
            new Solarization(f, f, range, seeds[8], format),
            new AutoContrast(range, format),
            new Equalization(range, dataFormat: format),
        };
    }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        base.ValidateInput(inputShape, inputCount);
        RequireRgb(inputShape);
    }

    /// <inheritdoc/>
    protected override bool IsIdentity(bool training) => !training || NumOps == 0;

    /// <summary>The indices of this call's augmentations, in the order they apply: the first numOps of a random permutation.</summary>
    private IEnumerable<int> Pick()
    {
        var keys = Uniform(augmentations.Length, 0, 1);
        return Enumerable.Range(0, augmentations.Length).OrderBy(i => keys[i]).Take(NumOps).ToArray();
    }

    /// <inheritdoc/>
    protected override Tensor Transform(Tensor images, bool training)
    {
        var x = images;
        foreach (var index in Pick()) x = augmentations[index].TransformChannelsFirst(x, training);
        return x;
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        WithFormatAndSeed(With(base.GetConfig(), ("value_range", ValueRange), ("num_ops", NumOps), ("factor", Factor), ("interpolation", Interpolation)));
}
