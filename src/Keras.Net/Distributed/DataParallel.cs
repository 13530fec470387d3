using KerasNet.Callbacks;
using KerasNet.Data;
using KerasNet.TorchSupport.Mpi;

namespace KerasNet.Distributed;

/// <summary>
/// Data-parallel training across the processes of an MPI job (Keras's <c>keras.distribution.DataParallel</c>, PyTorch
/// DistributedDataParallel's semantics): every process holds the whole model, reads its own shard of the data and
/// averages its gradients with the others before each update, so all replicas stay equal. Install it with
/// <c>TrainingDistribution.Set(new DataParallel())</c> and start the program with <c>mpirun -np N</c> (or
/// <c>srun --mpi=pmix</c>, or <c>./build.sh example NAME --nproc N</c>); rank and world size come from MPI.
/// </summary>
/// <remarks>
/// <para>Under it, <c>Fit</c> gives each process its shard of in-memory samples (<see cref="DistributedSampler"/>;
/// <c>batchSize</c> is per process, so a step consumes <c>batchSize × WorldSize</c> samples) or every
/// <c>WorldSize</c>-th batch of another source (<see cref="ShardedDataSource"/>); broadcasts the initial weights from
/// rank 0; averages the gradients in buckets (several <c>MPI_Iallreduce</c> in flight) before clipping, weight decay
/// and the update, which then run identically everywhere (with gradient accumulation, only the updating step
/// communicates); adds the processes' metric states so that the logs are those of one process over all the data;
/// prints and runs ModelCheckpoint, CSVLogger and TensorBoard on rank 0 only; and stops every process when any asks.
/// <c>Evaluate</c> shards its data and returns the global values on every process (call it on every process).</para>
/// <para>Failures: a collective that waits longer than <see cref="Timeout"/> raises <see cref="MpiTimeoutException"/>; a
/// peer that dies raises <see cref="MpiPeerLostException"/> naming its rank (see docs/DISTRIBUTED.md).</para>
/// </remarks>
public sealed class DataParallel : IDistributionContext, IDisposable
{
    private readonly ITensorCollectives collectives;

    /// <summary>Joins the MPI job this process was started in (initializing MPI on first use).</summary>
    /// <param name="timeout">The longest any collective may wait for the other processes (default 30 minutes).</param>
    /// <param name="bucketCapMb">Gradient bucket size in MiB (default 25, as DistributedDataParallel's).</param>
    /// <param name="seed">The seed of the per-epoch shuffle, shared by every process.</param>
    /// <param name="overlap">
    /// True to start each gradient bucket's all-reduce during backward, as soon as its gradients exist; false to
    /// start them all after backward (see <see cref="Overlap"/>).
    /// </param>
    public DataParallel(TimeSpan? timeout = null, double bucketCapMb = 25, long seed = 0, bool overlap = false)
        : this(MpiCommunicator.World(), timeout, bucketCapMb, seed, overlap)
    {
    }

    /// <summary>Trains over the processes of <paramref name="collectives"/> (another backend than MPI's world communicator).</summary>
    public DataParallel(ITensorCollectives collectives, TimeSpan? timeout = null, double bucketCapMb = 25, long seed = 0, bool overlap = false)
    {
        ArgumentNullException.ThrowIfNull(collectives);
        if (!(bucketCapMb > 0))
            throw new ArgumentOutOfRangeException(nameof(bucketCapMb), bucketCapMb, $"DataParallel: bucketCapMb must be positive; received {bucketCapMb}.");
        if (timeout is { } t && t <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(timeout), t, $"DataParallel: timeout must be positive; received {t}.");
        this.collectives = collectives;
        if (timeout is { } limit) collectives.Timeout = limit;
        BucketCapBytes = Math.Max(1, (long)(bucketCapMb * 1024 * 1024));
        Seed = seed;
        Overlap = overlap;
    }

    /// <summary>
    /// Whether this process was started by an MPI launcher (Open MPI's <c>OMPI_COMM_WORLD_SIZE</c>, MPICH/Hydra's
    /// <c>PMI_SIZE</c>, Slurm's <c>PMIX_RANK</c>...): lets a script call <c>TrainingDistribution.Set(new DataParallel())</c>
    /// only when launched that way.
    /// </summary>
    public static bool IsLaunchedUnderMpi =>
        new[] { "OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS" }.Any(v => Environment.GetEnvironmentVariable(v) is { Length: > 0 });

    /// <inheritdoc/>
    public int Rank => collectives.Rank;

    /// <inheritdoc/>
    public int WorldSize => collectives.Size;

    /// <inheritdoc/>
    public bool IsChief => Rank == 0;

    /// <summary>The longest any collective may wait for the other processes.</summary>
    public TimeSpan Timeout => collectives.Timeout;

    /// <summary>Gradient bucket size in bytes.</summary>
    public long BucketCapBytes { get; }

    /// <summary>The seed of the per-epoch shuffle.</summary>
    public long Seed { get; }

    /// <summary>
    /// Whether Fit overlaps the gradient all-reduces with backward: during an updating step every trainable weight a
    /// layer reads passes through an identity autograd function whose backward copies the weight's gradient into its
    /// bucket (buckets in reverse layer order) and starts the bucket's <c>MPI_Iallreduce</c> once all its weights have
    /// arrived; the optimizer step waits for them all. The averages are the same as without overlap, bit for bit.
    /// Weights that a layer uses without reading <see cref="Variable.Value"/> (a wrapped TorchSharp module's) are
    /// reduced after backward. See docs/DISTRIBUTED.md for when it pays.
    /// </summary>
    public bool Overlap { get; }

    /// <summary>The collectives this distribution runs on.</summary>
    public ITensorCollectives Collectives => collectives;

    /// <inheritdoc/>
    public IDataSource ShardTensors(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, Tensor? sampleWeight, int batchSize, bool shuffle)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Count == 0) throw new ArgumentException("DataParallel: no inputs were given (x is empty).", nameof(x));
        var count = x[0].dim() == 0 ? 0 : x[0].size(0);
        return new DistributedTensorBatchSource(x, y, sampleWeight, batchSize, new DistributedSampler(count, Rank, WorldSize, shuffle, Seed));
    }

    /// <inheritdoc/>
    public IDataSource ShardData(IDataSource data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data is DistributedTensorBatchSource or ShardedDataSource ? data : new ShardedDataSource(data, Rank, WorldSize);
    }

    /// <inheritdoc/>
    public void SynchronizeWeights(IReadOnlyList<Tensor> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var buffers = weights.Select(w => w.is_contiguous() ? w.detach() : w.contiguous()).ToArray();
        collectives.WaitAll(buffers.Select(b => collectives.StartBroadcast(b, root: 0)).ToArray());
        for (var i = 0; i < weights.Count; i++)
            if (!weights[i].is_contiguous()) weights[i].copy_(buffers[i]);
    }

    /// <inheritdoc/>
    public void ReduceGradients(IReadOnlyList<Tensor> gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        GradientBuckets.Average(gradients, collectives, BucketCapBytes);
    }

    // The bucket layout is kept between steps while the model's trainable variables stay the same.
    internal IDisposable BeginOverlappedStep(IReadOnlyList<Variable> trainable)
    {
        if (overlapped is null || !overlapped.Covers(trainable))
        {
            overlapped?.Dispose();
            overlapped = new OverlappedGradients(trainable, collectives, BucketCapBytes);
        }
        return overlapped.Begin();
    }

    // The parameters an overlapped step did not cover (all of them when no step is running).
    internal IReadOnlyList<Tensor> FinishOverlappedStep(IReadOnlyList<Tensor> parameters) =>
        overlapped is not null && OverlappedGradients.IsActive ? overlapped.Finish(parameters) : parameters;

    private OverlappedGradients? overlapped;

    /// <inheritdoc/>
    public double[] AllReduceSum(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0) return [];
        using var scope = torch.NewDisposeScope();
        var sum = torch.tensor(values);
        collectives.WaitAll([collectives.StartAllReduce(sum, ReduceOperation.Sum)]);
        return sum.data<double>().ToArray();
    }

    /// <inheritdoc/>
    public Tensor AllReduceSum(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return AllReduceSumFunction.Sum(tensor, collectives);
    }

    /// <inheritdoc/>
    public bool AnyStop(bool stop)
    {
        using var scope = torch.NewDisposeScope();
        var flag = torch.tensor(new long[] { stop ? 1 : 0 });
        collectives.WaitAll([collectives.StartAllReduce(flag, ReduceOperation.Max)]);
        return flag.data<long>()[0] != 0;
    }

    /// <inheritdoc/>
    public long[] AllGather(long[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return collectives.AllGather(values);
    }

    /// <inheritdoc/>
    public bool RunsCallback(Callback callback) => IsChief || callback is not (ModelCheckpoint or CSVLogger or TensorBoard);

    /// <summary>Uninstalls this distribution if it is the one in force (MPI itself is finalized when the process exits).</summary>
    public void Dispose()
    {
        overlapped?.Dispose();
        overlapped = null;
        if (ReferenceEquals(TrainingDistribution.Current, this)) TrainingDistribution.Clear();
    }
}
