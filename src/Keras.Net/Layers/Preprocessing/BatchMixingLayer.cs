using KerasNet.Data;

namespace KerasNet.Layers;

/// <summary>
/// The augmentation layers that mix each image with another image of its batch (<see cref="MixUp"/>,
/// <see cref="CutMix"/>). Mixing images changes what they show, so the one-hot labels must be mixed with the same
/// partner and weight; Keras does both when a layer is called on a dict of images and labels in a tf.data pipeline.
/// Keras.Net gives three forms:
/// <list type="bullet">
/// <item>as a layer on images alone (<c>Apply(images, training: true)</c>, or inside a model): the images are mixed,
/// as Keras's layer on an image-only input; identity at inference;</item>
/// <item><see cref="MixBatch(Tensor, Tensor)"/>: one batch's images and one-hot labels in, both mixed consistently out;</item>
/// <item><see cref="ApplyTo"/>: wraps a training <see cref="IDataSource"/> (a <see cref="DataLoader"/>, a
/// <see cref="TensorBatchSource"/>) so that Fit receives mixed batches. Batch b of epoch e draws from a generator
/// seeded by (seed, e, b), so the mixing is reproducible and independent of the loader's worker threads.</item>
/// </list>
/// Labels must be floating point (batch, classes), e.g. one-hot; the mixed labels of each sample still sum to 1.
/// </summary>
/// <example><code>
/// var loader = new DataLoader(trainSet, batchSize: 64, shuffle: true, seed: 1);   // targets one-hot
/// model.Fit(new MixUp(alpha: 0.2, seed: 2).ApplyTo(loader), epochs: 10, validationData: validationLoader);
/// </code></example>
public abstract class BatchMixingLayer : ImagePreprocessingLayer
{
    /// <summary>Creates the layer.</summary>
    protected BatchMixingLayer(int? seed, string? dataFormat, string? name, bool trainable) : base(dataFormat, seed, name, trainable) { }

    /// <summary>
    /// One batch's mixing: image i is mixed with image <see cref="Partners"/>[i], its label weighted by
    /// <see cref="LabelWeights"/>[i] and its partner's by 1 − that; <see cref="MixImages"/> maps (images, partners'
    /// images), channels-first, to the mixed images.
    /// </summary>
    internal sealed record Mixing(long[] Partners, float[] LabelWeights, Func<Tensor, Tensor, Tensor> MixImages);

    /// <summary>Draws the mixing of a batch of <paramref name="count"/> images of (height, width).</summary>
    private protected abstract Mixing Draw(long count, long height, long width, Generator? generator);

    /// <inheritdoc/>
    protected override bool IsIdentity(bool training) => !training;

    /// <inheritdoc/>
    protected override Tensor Transform(Tensor images, bool training) =>
        images.size(0) < 2 ? images.alias() : Mix(images, Draw(images.size(0), images.size(2), images.size(3), Generator));

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <summary>
    /// Mixes a batch of images (in the layer's data format, rank 4) and its labels (floating point, (batch, classes))
    /// with the same partners and weights, drawing from the layer's generator. Always mixes (this is for training).
    /// </summary>
    /// <returns>The mixed images (float, in the layer's compute dtype) and labels (in the labels' dtype).</returns>
    /// <exception cref="ArgumentException">Images not of rank 4, labels not floating point (batch, classes), or batch sizes that differ.</exception>
    public (Tensor Images, Tensor Labels) MixBatch(Tensor images, Tensor labels) => MixBatch(images, labels, Generator);

    internal (Tensor Images, Tensor Labels) MixBatch(Tensor images, Tensor labels, Generator? generator) =>
        MixBatch(images, labels, (count, height, width) => Draw(count, height, width, generator));

    /// <summary><see cref="MixBatch(Tensor, Tensor)"/> with the mixing given by <paramref name="draw"/> of (count, height, width).</summary>
    internal (Tensor Images, Tensor Labels) MixBatch(Tensor images, Tensor labels, Func<long, long, long, Mixing> draw)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        var layer = $"{GetType().Name} '{Name}'";
        if (images.dim() != 4)
            throw new ArgumentException($"{layer} mixes a batch of images of rank 4 {DataFormats.Describe(2, Format)}; received shape {Shape.Format(images.shape)}.", nameof(images));
        if (!labels.is_floating_point() || labels.dim() != 2 || labels.size(0) != images.size(0))
            throw new ArgumentException(
                $"{layer} mixes floating-point labels of shape (batch, classes) = ({images.size(0)}, classes); received {labels.dtype} labels of shape " +
                $"{Shape.Format(labels.shape)}. One-hot encode class indices first, e.g. torch.nn.functional.one_hot(y, classes).to(ScalarType.Float32).",
                nameof(labels));
        using var scope = torch.NewDisposeScope();
        var x = DataFormats.ToChannelsFirst(images, Format);
        if (!x.is_floating_point() || x.dtype != ComputeDtype) x = x.to(ComputeDtype);
        var mixing = draw(x.size(0), x.size(2), x.size(3));
        var mixedImages = DataFormats.FromChannelsFirst(Mix(x, mixing), Format).contiguous();
        var weights = torch.tensor(mixing.LabelWeights, new long[] { mixing.LabelWeights.Length, 1 }).to(labels.dtype, labels.device);
        var partners = PartnerIndex(mixing, labels.device);
        var mixedLabels = labels * weights + labels.index_select(0, partners) * (1 - weights);
        return (mixedImages.MoveToOuterDisposeScope(), mixedLabels.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// A source whose batches are those of <paramref name="data"/> with input <paramref name="input"/> (images) and
    /// target <paramref name="target"/> (one-hot labels) mixed by <see cref="MixBatch(Tensor, Tensor)"/>; other inputs,
    /// targets and sample weights pass through. Give it to Fit as training data only (validation stays unmixed).
    /// </summary>
    /// <param name="data">The training batches.</param>
    /// <param name="input">Which model input holds the images.</param>
    /// <param name="target">Which target holds the labels.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative input or target index.</exception>
    public IDataSource ApplyTo(IDataSource data, int input = 0, int target = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (input < 0) throw new ArgumentOutOfRangeException(nameof(input), input, $"{GetType().Name}: input is the index of the images among the model inputs (0 or more).");
        if (target < 0) throw new ArgumentOutOfRangeException(nameof(target), target, $"{GetType().Name}: target is the index of the labels among the targets (0 or more).");
        return new MixedBatchSource(this, data, input, target, Seed ?? SampleSeeds.FromTorchGenerator());
    }

    private static Tensor Mix(Tensor images, Mixing mixing)
    {
        using var partners = PartnerIndex(mixing, images.device);
        using var shuffled = images.index_select(0, partners);
        return mixing.MixImages(images, shuffled);
    }

    private static Tensor PartnerIndex(Mixing mixing, Device device) => torch.tensor(mixing.Partners).to(device);

    /// <summary>A random permutation of the batch: image i's partner.</summary>
    private protected static long[] Permutation(long count, Generator? generator)
    {
        using var order = torch.randperm(count, generator: generator);
        return order.data<long>().ToArray();
    }

    /// <summary><paramref name="count"/> draws from Beta(alpha, alpha), as the ratio of two Gamma(alpha) draws (computed in float64).</summary>
    private protected static float[] Beta(long count, double alpha, Generator? generator)
    {
        using var scope = torch.NewDisposeScope();
        var concentration = torch.full(new long[] { count }, alpha, ScalarType.Float64);
        var first = torch._standard_gamma(concentration, generator);
        var second = torch._standard_gamma(concentration, generator);
        var ratio = first / (first + second);
        // With a small alpha both draws can underflow to 0; their ratio is then undefined and the even mix stands in.
        return ratio.data<double>().Select(v => (float)(double.IsNaN(v) ? 0.5 : v)).ToArray();
    }

    /// <summary><paramref name="count"/> uniform draws in [0, 1).</summary>
    private protected static float[] Uniform01(long count, Generator? generator)
    {
        using var u = torch.rand(new long[] { count }, generator: generator);
        return u.data<float>().ToArray();
    }
}
