
namespace KerasNet.Data;

/// <summary>
/// One sample of a dataset: its inputs (one tensor per model input, without a batch axis) and its targets (one per
/// model output; none for prediction). A loader stacks the samples of a batch position by position.
/// </summary>
/// <param name="X">The inputs.</param>
/// <param name="Y">The targets (may be empty).</param>
public sealed record Sample(IReadOnlyList<Tensor> X, IReadOnlyList<Tensor> Y)
{
    /// <summary>A sample with one input and one target (or none).</summary>
    public Sample(Tensor x, Tensor? y = null) : this(new[] { x }, y is null ? Array.Empty<Tensor>() : new[] { y }) { }
}

/// <summary>
/// A dataset read by index (map-style): <see cref="Count"/> samples, each returned by <see cref="Get"/>. Random
/// augmentation draws only from the <see cref="Random"/> it is given, which the loader seeds from (seed, epoch,
/// index): the samples are then the same whatever the number of workers. <see cref="Get"/> may be called from
/// several threads at once.
/// </summary>
public interface IDataset
{
    /// <summary>The number of samples.</summary>
    int Count { get; }

    /// <summary>The sample at <paramref name="index"/> (0 ≤ index &lt; Count), augmented with draws from <paramref name="random"/>.</summary>
    Sample Get(int index, Random random);
}

/// <summary>
/// A dataset read in order (iterable-style), e.g. records streamed from disk. A loader batches it as it comes; it
/// cannot be shuffled by index.
/// </summary>
public interface IStreamingDataset
{
    /// <summary>The number of samples, when known (for the progress bar); null otherwise.</summary>
    int? Count { get; }

    /// <summary>
    /// The samples of one pass. <paramref name="randomFor"/> gives the generator for the sample at each position of
    /// the pass, seeded from (seed, epoch, position).
    /// </summary>
    IEnumerable<Sample> Read(Func<int, Random> randomFor);
}

/// <summary>
/// A dataset that builds a whole batch at once (e.g. decoding images straight into the batch buffer), which the
/// loader uses instead of getting the samples one by one and stacking them.
/// </summary>
public interface IBatchDataset : IDataset
{
    /// <summary>The batch of the samples at <paramref name="indices"/>, sample i augmented with draws from <paramref name="randoms"/>[i].</summary>
    Batch GetBatch(IReadOnlyList<int> indices, IReadOnlyList<Random> randoms);
}
