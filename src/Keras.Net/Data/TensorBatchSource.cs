
namespace KerasNet.Data;

/// <summary>
/// Batches sliced from tensors held in memory (their first axis indexes samples), reshuffled every epoch when asked,
/// by the same rule as <see cref="DataLoader"/> (<see cref="SampleSeeds"/>): with the same seed, the batches hold the
/// samples a DataLoader over a <see cref="TensorDataset"/> of the same tensors would give. The source does not own
/// the tensors.
/// </summary>
public sealed class TensorBatchSource : IDataSource
{
    private readonly IReadOnlyList<Tensor> x;
    private readonly IReadOnlyList<Tensor> y;
    private readonly Tensor? sampleWeight;
    private readonly long offset; // of a Slice: where its samples start in the tensors

    /// <summary>Creates the source.</summary>
    /// <param name="x">Inputs (one per model input), all with the same number of samples.</param>
    /// <param name="y">Targets (one per model output), or empty.</param>
    /// <param name="sampleWeight">Per-sample weights, or null.</param>
    /// <param name="batchSize">Samples per batch (the last batch may be smaller).</param>
    /// <param name="shuffle">Shuffle the samples at every epoch.</param>
    /// <param name="seed">
    /// The seed of the order (<see cref="SampleSeeds.Order"/> of (seed, epoch)); null draws a seed from libtorch's global
    /// generator when each epoch's batches are first requested, so that <c>torch.manual_seed</c> reproduces Fit and
    /// <see cref="Callbacks.BackupAndRestore"/> replays an interrupted epoch.
    /// </param>
    public TensorBatchSource(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, Tensor? sampleWeight, int batchSize, bool shuffle, long? seed = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count == 0) throw new ArgumentException("No inputs were given (x is empty).", nameof(x));
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be at least 1.");
        Count = x[0].dim() == 0 ? throw new ArgumentException("Inputs must have a batch axis; received a 0-dimensional tensor.", nameof(x)) : x[0].size(0);
        foreach (var (t, what) in x.Select(t => (t, "x")).Concat(y.Select(t => (t, "y"))).Append((sampleWeight!, "sampleWeight")))
        {
            if (t is null) continue;
            if (t.dim() == 0 || t.size(0) != Count)
                throw new ArgumentException(
                    $"All inputs, targets and sample weights must have the same number of samples (first axis). x has {Count} but {what} has shape {Shape.Format(t.shape)}.");
        }
        if (shuffle && Count > int.MaxValue)
            throw new ArgumentException($"At most {int.MaxValue} samples can be shuffled; x has {Count}.", nameof(x));
        (this.x, this.y, this.sampleWeight, BatchSize) = (x, y, sampleWeight, batchSize);
        (Shuffle, Seed) = (shuffle, seed);
    }

    /// <summary>The number of samples.</summary>
    public long Count { get; }

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether samples are reshuffled every epoch.</summary>
    public bool Shuffle { get; }

    /// <summary>The seed of the order, or null when each epoch draws one from libtorch's global generator.</summary>
    public long? Seed { get; }

    /// <inheritdoc/>
    public int? BatchCount => (int)((Count + BatchSize - 1) / BatchSize);

    /// <inheritdoc/>
    public IEnumerable<Batch> GetBatches(int epoch)
    {
        Tensor? order = null;
        try
        {
            if (Shuffle)
            {
                var indices = SampleSeeds.Order((int)Count, shuffle: true, Seed ?? SampleSeeds.FromTorchGenerator(), epoch);
                order = torch.tensor(Array.ConvertAll(indices, i => (long)i)).DetachFromDisposeScope();
            }
            for (long start = 0; start < Count; start += BatchSize)
            {
                var length = Math.Min(BatchSize, Count - start);
                var first = offset + start;
                if (order is null)
                    yield return new Batch(x.Select(t => t.narrow(0, first, length)).ToArray(), y.Select(t => t.narrow(0, first, length)).ToArray(), sampleWeight?.narrow(0, first, length));
                else
                {
                    var index = offset == 0 ? order.narrow(0, start, length) : order.narrow(0, start, length) + offset;
                    yield return new Batch(x.Select(t => t.index_select(0, index)).ToArray(), y.Select(t => t.index_select(0, index)).ToArray(), sampleWeight?.index_select(0, index));
                }
            }
        }
        finally
        {
            order?.Dispose();
        }
    }

    /// <summary>
    /// The samples <c>[start, start + length)</c> as a source of the same batch size and shuffling, over the same
    /// tensors (batches are sliced when read, in the reader's dispose scope). Data-parallel evaluation's shards.
    /// </summary>
    internal TensorBatchSource Slice(long start, long length)
    {
        if (start < 0 || length < 0 || start + length > Count)
            throw new ArgumentOutOfRangeException(nameof(start), start, $"The slice [{start}, {start + length}) is outside the {Count} samples.");
        return new TensorBatchSource(this, start, length);
    }

    private TensorBatchSource(TensorBatchSource whole, long start, long length)
    {
        x = whole.x;
        y = whole.y;
        sampleWeight = whole.sampleWeight;
        (BatchSize, Shuffle, Seed) = (whole.BatchSize, whole.Shuffle, whole.Seed);
        offset = whole.offset + start;
        Count = length;
    }

    /// <summary>Splits off the last <paramref name="fraction"/> of the samples (before any shuffling), as Keras's validationSplit.</summary>
    public static (IReadOnlyList<Tensor> Train, IReadOnlyList<Tensor> Validation) SplitLast(IReadOnlyList<Tensor> tensors, double fraction)
    {
        var count = tensors[0].size(0);
        var validation = (long)Math.Floor(count * fraction);
        if (validation < 1 || validation >= count)
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, $"validationSplit {fraction} of {count} samples leaves an empty training or validation set.");
        var train = count - validation;
        return (tensors.Select(t => t.narrow(0, 0, train)).ToArray(), tensors.Select(t => t.narrow(0, train, validation)).ToArray());
    }
}
