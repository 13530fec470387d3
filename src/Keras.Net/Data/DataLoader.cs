
namespace KerasNet.Data;

/// <summary>
/// Batches a dataset for Fit, Evaluate and Predict (it is an <see cref="IDataSource"/>): per-epoch shuffling from a
/// seed, an optional smaller last batch, and parallel worker threads that decode and transform ahead of the model
/// through a bounded prefetch window. For a given seed the batches are the same whatever the number of workers: the
/// order of an epoch and each sample's random augmentation derive only from (seed, epoch, index)
/// (<see cref="SampleSeeds"/>).
/// </summary>
/// <example><code>
/// var loader = new DataLoader(dataset, batchSize: 64, shuffle: true, seed: 42, numWorkers: 2);
/// model.Fit(loader, epochs: 10);
/// </code></example>
public sealed class DataLoader : IDataSource
{
    private readonly IDataset? dataset;
    private readonly IStreamingDataset? stream;
    private readonly Func<IReadOnlyList<Sample>, Batch> collate;

    /// <summary>Creates a loader over an indexable dataset.</summary>
    /// <param name="dataset">The samples.</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <param name="shuffle">Reshuffle the samples at every epoch.</param>
    /// <param name="seed">The seed of the order and of random augmentation; null draws one from libtorch's global generator (reproduced by <c>torch.manual_seed</c>; see <see cref="Seed"/>).</param>
    /// <param name="dropLast">Drop the last batch when it is smaller than <paramref name="batchSize"/>.</param>
    /// <param name="numWorkers">Threads producing batches ahead of the consumer; 0 produces them on the calling thread.</param>
    /// <param name="prefetchFactor">Batches each worker may have ready ahead of the consumer (the window is numWorkers × prefetchFactor).</param>
    /// <param name="pinMemory">Put batches in page-locked memory for fast non-blocking copies to a CUDA device. Without CUDA this does nothing, as in PyTorch (see <see cref="PinMemory"/>).</param>
    /// <param name="collate">Turns samples into a batch; default <see cref="Collate.Stack"/>.</param>
    public DataLoader(IDataset dataset, int batchSize = 32, bool shuffle = false, long? seed = null, bool dropLast = false, int numWorkers = 0,
                      int prefetchFactor = 2, bool pinMemory = false, Func<IReadOnlyList<Sample>, Batch>? collate = null)
        : this(batchSize, seed, dropLast, numWorkers, prefetchFactor, pinMemory, collate)
    {
        this.dataset = dataset ?? throw new ArgumentNullException(nameof(dataset));
        Shuffle = shuffle;
    }

    /// <summary>
    /// Creates a loader over a streaming dataset, batched in the order it yields its samples (a streaming dataset
    /// cannot be shuffled by index). With workers, one background thread reads ahead.
    /// </summary>
    public DataLoader(IStreamingDataset dataset, int batchSize = 32, long? seed = null, bool dropLast = false, int numWorkers = 0,
                      int prefetchFactor = 2, bool pinMemory = false, Func<IReadOnlyList<Sample>, Batch>? collate = null)
        : this(batchSize, seed, dropLast, numWorkers, prefetchFactor, pinMemory, collate)
    {
        stream = dataset ?? throw new ArgumentNullException(nameof(dataset));
    }

    private DataLoader(int batchSize, long? seed, bool dropLast, int numWorkers, int prefetchFactor, bool pinMemory,
                       Func<IReadOnlyList<Sample>, Batch>? collate)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "DataLoader: batchSize must be at least 1.");
        if (numWorkers < 0) throw new ArgumentOutOfRangeException(nameof(numWorkers), numWorkers, "DataLoader: numWorkers must be 0 (no worker threads) or more.");
        if (prefetchFactor < 1) throw new ArgumentOutOfRangeException(nameof(prefetchFactor), prefetchFactor, "DataLoader: prefetchFactor must be at least 1.");
        BatchSize = batchSize;
        Seed = seed ?? SampleSeeds.FromTorchGenerator();
        DropLast = dropLast;
        NumWorkers = numWorkers;
        PrefetchFactor = prefetchFactor;
        PinMemory = pinMemory && torch.cuda.is_available();
        this.collate = collate ?? Collate.Stack;
    }

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; }
    /// <summary>Whether the order is reshuffled at every epoch.</summary>
    public bool Shuffle { get; }
    /// <summary>The seed of the order and of random augmentation.</summary>
    public long Seed { get; }
    /// <summary>Whether a smaller last batch is dropped.</summary>
    public bool DropLast { get; }
    /// <summary>Worker threads (0: batches are made on the consumer's thread).</summary>
    public int NumWorkers { get; }
    /// <summary>Batches each worker may have ready ahead of the consumer.</summary>
    public int PrefetchFactor { get; }
    /// <summary>Whether batches go to pinned memory: asked for and CUDA available.</summary>
    public bool PinMemory { get; }

    /// <summary>The most batches the last epoch's workers had claimed ahead of the consumer (never above NumWorkers × PrefetchFactor).</summary>
    public int LastMaxPrefetched { get; private set; }

    /// <summary>The number of samples, when known.</summary>
    public int? SampleCount => dataset?.Count ?? stream!.Count;

    /// <inheritdoc/>
    public int? BatchCount => SampleCount is { } n ? (DropLast ? n / BatchSize : (n + BatchSize - 1) / BatchSize) : null;

    /// <summary>The sample indices of each batch of <paramref name="epoch"/>, in order (indexable datasets only).</summary>
    public IReadOnlyList<int[]> BatchIndices(int epoch)
    {
        if (dataset is null) throw new InvalidOperationException("DataLoader: a streaming dataset has no batch indices.");
        var order = SampleSeeds.Order(dataset.Count, Shuffle, Seed, epoch);
        var batches = new List<int[]>(BatchCount ?? 0);
        for (var start = 0; start < order.Length; start += BatchSize)
        {
            var length = Math.Min(BatchSize, order.Length - start);
            if (length < BatchSize && DropLast) break;
            batches.Add(order.AsSpan(start, length).ToArray());
        }
        return batches;
    }

    /// <inheritdoc/>
    public IEnumerable<Batch> GetBatches(int epoch)
    {
        if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "epoch must be 0 or more.");
        return dataset is not null ? IndexedBatches(epoch) : StreamedBatches(epoch);
    }

    private IEnumerable<Batch> IndexedBatches(int epoch)
    {
        var batches = BatchIndices(epoch);
        if (NumWorkers == 0)
        {
            foreach (var indices in batches) yield return Make(indices, epoch, onWorker: false);
            yield break;
        }
        var pipeline = new BatchPipeline(batches.Count, NumWorkers, NumWorkers * PrefetchFactor, b => Make(batches[b], epoch, onWorker: true));
        try
        {
            while (pipeline.Take() is { } batch) yield return Adopt(batch);
        }
        finally
        {
            pipeline.Dispose();
            LastMaxPrefetched = pipeline.MaxAhead;
        }
    }

    private IEnumerable<Batch> StreamedBatches(int epoch)
    {
        if (NumWorkers == 0)
        {
            foreach (var batch in StreamBatches(epoch, onWorker: false)) yield return batch;
            yield break;
        }
        // One reader thread (a stream is read in order); the pipeline's window bounds how far it runs ahead.
        using var reader = StreamBatches(epoch, onWorker: true).GetEnumerator();
        var readerGate = new object();
        var pipeline = new BatchPipeline(int.MaxValue, 1, NumWorkers * PrefetchFactor, _ =>
        {
            lock (readerGate) return reader.MoveNext() ? reader.Current : EndOfStream;
        });
        try
        {
            while (pipeline.Take() is { } batch && !ReferenceEquals(batch, EndOfStream)) yield return Adopt(batch);
        }
        finally
        {
            pipeline.Dispose();
            LastMaxPrefetched = pipeline.MaxAhead;
        }
    }

    private static readonly Batch EndOfStream = new(Array.Empty<Tensor>(), Array.Empty<Tensor>());

    private IEnumerable<Batch> StreamBatches(int epoch, bool onWorker)
    {
        var pending = new List<Sample>(BatchSize);
        foreach (var sample in stream!.Read(position => SampleSeeds.For(Seed, epoch, position)))
        {
            pending.Add(sample);
            if (pending.Count < BatchSize) continue;
            yield return CollateStream(pending, onWorker);
            pending.Clear();
        }
        if (pending.Count > 0 && !DropLast) yield return CollateStream(pending, onWorker);
    }

    private Batch CollateStream(List<Sample> samples, bool onWorker)
    {
        var scope = torch.NewDisposeScope();
        try
        {
            return Finish(collate(samples), onWorker);
        }
        finally
        {
            scope.Dispose();
            foreach (var sample in samples)
            {
                foreach (var t in sample.X) t.Dispose();
                foreach (var t in sample.Y) t.Dispose();
            }
        }
    }

    private Batch Make(int[] indices, int epoch, bool onWorker)
    {
        var scope = torch.NewDisposeScope();
        try
        {
            var randoms = new Random[indices.Length];
            for (var i = 0; i < indices.Length; i++) randoms[i] = SampleSeeds.For(Seed, epoch, indices[i]);
            Batch batch;
            if (dataset is IBatchDataset batched) batch = batched.GetBatch(indices, randoms);
            else
            {
                var samples = new Sample[indices.Length];
                for (var i = 0; i < indices.Length; i++) samples[i] = dataset!.Get(indices[i], randoms[i]);
                batch = collate(samples);
            }
            return Finish(batch, onWorker);
        }
        finally
        {
            scope.Dispose();
        }
    }

    /// <summary>Pins the batch if asked, and moves its tensors out of the producing scope (detached on a worker thread).</summary>
    private Batch Finish(Batch batch, bool onWorker)
    {
        Tensor Keep(Tensor t)
        {
            if (PinMemory && t.device_type == DeviceType.CPU) t = t.pin_memory();
            return onWorker ? t.DetachFromDisposeScope() : t.MoveToOuterDisposeScope();
        }
        return new Batch(batch.X.Select(Keep).ToArray(), batch.Y.Select(Keep).ToArray(), batch.SampleWeight is null ? null : Keep(batch.SampleWeight));
    }

    /// <summary>
    /// Hands a worker's batch to the consumer's thread: each tensor is replaced by an alias created here, so that the
    /// consumer's dispose scope (Fit's per-batch scope) owns it.
    /// </summary>
    private static Batch Adopt(Batch batch)
    {
        static Tensor Own(Tensor t)
        {
            var alias = t.alias();
            t.Dispose();
            return alias;
        }
        return new Batch(batch.X.Select(Own).ToArray(), batch.Y.Select(Own).ToArray(), batch.SampleWeight is null ? null : Own(batch.SampleWeight));
    }
}
