using System.Globalization;
using KerasNet.Callbacks;
using KerasNet.Data;
using KerasNet.Torch;
using static KerasNet.Torch.torch.distributed;

namespace KerasNet.Distributed;

/// <summary>
/// Data-parallel training across processes (Keras's <c>keras.distribution.DataParallel</c>, PyTorch's
/// DistributedDataParallel semantics) on libtorch's c10d: every process holds the whole model, reads its own shard
/// of the data, and averages its gradients with the others before each optimizer step, so all replicas stay equal.
/// </summary>
/// <remarks>
/// <para>Configuration comes from the arguments, else from the variables torchrun and other launchers set:
/// <c>MASTER_ADDR</c>, <c>MASTER_PORT</c>, <c>RANK</c>, <c>WORLD_SIZE</c>, <c>LOCAL_RANK</c>.</para>
/// <para>Under it, <c>Fit</c>: gives each process its shard of the samples (<see cref="DistributedSampler"/>;
/// <c>batchSize</c> is per process, so a step consumes <c>batchSize × WorldSize</c> samples); broadcasts the
/// initial weights from rank 0; all-reduces the gradients in buckets (average) before the optimizer step; adds the
/// processes' metric states so that the logs are those of one process over all the data (AUC and precision
/// included); evaluates the validation data in shards, each sample on one process; prints progress and runs
/// ModelCheckpoint and CSVLogger on rank 0 only; and stops every process when any asks to stop (EarlyStopping,
/// TerminateOnNaN). <c>Evaluate</c> also shards its data and returns the global values on every process (call it on
/// every process); <c>Predict</c> stays local. A peer that dies makes the others raise a
/// <see cref="DistributedException"/> (at once when its connections close, at the latest after <see cref="Timeout"/>).</para>
/// </remarks>
public sealed class DataParallel : IDistributionContext, IDisposable
{
    private ProcessGroup? group;
    private bool ownsGroup;

    /// <summary>Creates the setting; <see cref="TrainingDistribution.Set"/> joins the process group.</summary>
    /// <param name="backend"><c>"gloo"</c> (CPU tensors; default) or <c>"nccl"</c> (CUDA tensors, CUDA builds only).</param>
    /// <param name="rank">This process's rank (default: <c>RANK</c>).</param>
    /// <param name="worldSize">The number of processes (default: <c>WORLD_SIZE</c>).</param>
    /// <param name="masterAddr">Rank 0's address (default: <c>MASTER_ADDR</c>).</param>
    /// <param name="masterPort">Rank 0's port (default: <c>MASTER_PORT</c>).</param>
    /// <param name="localRank">The rank on this machine, e.g. to pick a GPU (default: <c>LOCAL_RANK</c>, else 0).</param>
    /// <param name="timeout">Bounds the rendezvous and every collective (default 30 minutes, as PyTorch's).</param>
    /// <param name="bucketCapMb">Gradient bucket size in MiB (default 25, as DistributedDataParallel's).</param>
    /// <param name="seed">The seed of the per-epoch shuffle, shared by every process.</param>
    /// <param name="overlapGradientReduction">All-reduce each gradient bucket during backward, as soon as its gradients
    /// are ready (libtorch's DistributedDataParallel Reducer), instead of all the buckets after backward. On by default.</param>
    public DataParallel(string backend = "gloo", int? rank = null, int? worldSize = null, string? masterAddr = null, int? masterPort = null,
                        int? localRank = null, TimeSpan? timeout = null, double bucketCapMb = 25, long seed = 0, bool overlapGradientReduction = true)
    {
        ArgumentNullException.ThrowIfNull(backend);
        if (backend is not ("gloo" or "nccl"))
            throw new ArgumentException($"DataParallel: unknown backend '{backend}'; expected \"gloo\" (CPU) or \"nccl\" (CUDA).", nameof(backend));
        if (!(bucketCapMb > 0))
            throw new ArgumentOutOfRangeException(nameof(bucketCapMb), bucketCapMb, $"DataParallel: bucketCapMb must be positive; received {bucketCapMb}.");
        Backend = backend;
        WorldSize = worldSize ?? EnvInt("WORLD_SIZE", nameof(worldSize));
        Rank = rank ?? EnvInt("RANK", nameof(rank));
        MasterAddr = masterAddr ?? Env("MASTER_ADDR", nameof(masterAddr));
        MasterPort = masterPort ?? EnvInt("MASTER_PORT", nameof(masterPort));
        LocalRank = localRank ?? (Environment.GetEnvironmentVariable("LOCAL_RANK") is { Length: > 0 } lr ? Parse("LOCAL_RANK", lr, nameof(localRank)) : 0);
        if (WorldSize < 1) throw new ArgumentOutOfRangeException(nameof(worldSize), WorldSize, $"DataParallel: worldSize must be at least 1; received {WorldSize}.");
        if (Rank < 0 || Rank >= WorldSize)
            throw new ArgumentOutOfRangeException(nameof(rank), Rank, $"DataParallel: rank must be in [0, worldSize) = [0, {WorldSize}); received {Rank}.");
        if (MasterPort is < 1 or > 65535)
            throw new ArgumentOutOfRangeException(nameof(masterPort), MasterPort, $"DataParallel: masterPort must be in [1, 65535]; received {MasterPort}.");
        Timeout = timeout ?? TimeSpan.FromMinutes(30);
        if (Timeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(timeout), Timeout, $"DataParallel: timeout must be positive; received {Timeout}.");
        BucketCapBytes = (long)(bucketCapMb * 1024 * 1024);
        Seed = seed;
        OverlapGradientReduction = overlapGradientReduction;
    }

    /// <summary><c>gloo</c> or <c>nccl</c>.</summary>
    public string Backend { get; }

    /// <inheritdoc/>
    public int Rank { get; }

    /// <inheritdoc/>
    public int WorldSize { get; }

    /// <summary>The rank on this machine.</summary>
    public int LocalRank { get; }

    /// <summary>Rank 0's address.</summary>
    public string MasterAddr { get; }

    /// <summary>Rank 0's port.</summary>
    public int MasterPort { get; }

    /// <summary>The longest the rendezvous or any collective may take.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Gradient bucket size in bytes.</summary>
    public long BucketCapBytes { get; }

    /// <summary>The seed of the per-epoch shuffle.</summary>
    public long Seed { get; }

    /// <summary>
    /// Whether Fit all-reduces the gradients during backward (see <see cref="KerasNet.Torch.Distributed.GradientReducer"/>);
    /// when the native shim cannot (another libtorch), training falls back to the all-reduce after backward.
    /// </summary>
    public bool OverlapGradientReduction { get; }

    /// <inheritdoc/>
    public bool IsChief => Rank == 0;

    /// <summary>The process group (after <see cref="Connect"/>).</summary>
    public ProcessGroup Group => group ?? throw new InvalidOperationException("DataParallel is not connected: pass it to TrainingDistribution.Set (or call Connect()) first.");

    /// <summary>
    /// Joins the process group (rendezvous with the other processes); uses torch.distributed's default group when
    /// one with the same rank and size is already initialized. Called by <see cref="TrainingDistribution.Set"/>.
    /// </summary>
    public void Connect()
    {
        if (group is not null) return;
        if (is_initialized())
        {
            var existing = group_WORLD;
            if (existing.Rank != Rank || existing.WorldSize != WorldSize)
                throw new InvalidOperationException(
                    $"DataParallel (rank {Rank} of {WorldSize}) does not match the initialized default process group (rank {existing.Rank} of {existing.WorldSize}).");
            group = existing;
            return;
        }
        var store = new TCPStore(MasterAddr, MasterPort, WorldSize, is_master: Rank == 0, timeout: Timeout);
        try
        {
            group = new ProcessGroup(store, Backend, Rank, WorldSize, Timeout);
            ownsGroup = true;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public IDataSource ShardTensors(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, Tensor? sampleWeight, int batchSize, bool shuffle)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Count == 0) throw new ArgumentException("No inputs were given (x is empty).", nameof(x));
        var count = x[0].dim() == 0 ? 0 : x[0].size(0);
        return new DistributedTensorDataSource(x, y, sampleWeight, batchSize, new DistributedSampler(count, Rank, WorldSize, shuffle, Seed));
    }

    /// <inheritdoc/>
    public IDataSource ShardData(IDataSource data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data is DistributedTensorDataSource or ShardedDataSource ? data : new ShardedDataSource(data, Rank, WorldSize);
    }

    /// <inheritdoc/>
    public void SynchronizeWeights(IReadOnlyList<Tensor> weights) => broadcast_coalesced(weights, 0, Group, BucketCapBytes);

    /// <inheritdoc/>
    public void ReduceGradients(IReadOnlyList<Tensor> gradients) => all_reduce_coalesced(gradients, ReduceOp.AVG, Group, BucketCapBytes);

    /// <inheritdoc/>
    public double[] AllReduceSum(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (WorldSize == 1 || values.Length == 0) return (double[])values.Clone();
        using var scope = torch.NewDisposeScope();
        var sum = torch.tensor(values);
        all_reduce(sum, ReduceOp.SUM, Group);
        return sum.data<double>().ToArray();
    }

    /// <inheritdoc/>
    public Tensor AllReduceSum(Tensor tensor) => torch.distributed.nn.functional.all_reduce(tensor, ReduceOp.SUM, Group);

    /// <inheritdoc/>
    public bool AnyStop(bool stop)
    {
        if (WorldSize == 1) return stop;
        using var scope = torch.NewDisposeScope();
        var flag = torch.tensor(new long[] { stop ? 1 : 0 });
        all_reduce(flag, ReduceOp.MAX, Group);
        return flag.data<long>()[0] != 0;
    }

    /// <inheritdoc/>
    public long[] AllGather(long[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (WorldSize == 1) return (long[])values.Clone();
        using var scope = torch.NewDisposeScope();
        var gathered = all_gather(torch.tensor(values), Group);
        return gathered.reshape(-1).data<long>().ToArray();
    }

    /// <inheritdoc/>
    public bool RunsCallback(Callback callback) => IsChief || callback is not (ModelCheckpoint or CSVLogger);

    /// <summary>Leaves the process group (when this setting created it).</summary>
    public void Dispose()
    {
        if (ownsGroup) group?.Dispose();
        group = null;
        if (ReferenceEquals(TrainingDistribution.Current, this)) TrainingDistribution.Clear();
    }

    private static string Env(string variable, string argument)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
            throw new InvalidOperationException(
                $"DataParallel: the environment variable {variable} is not set. Start the processes with a launcher that sets MASTER_ADDR, " +
                $"MASTER_PORT, RANK and WORLD_SIZE (./build.sh example NAME --nproc N, torchrun), or pass {argument}: explicitly.");
        return value.Trim();
    }

    private static int EnvInt(string variable, string argument) => Parse(variable, Env(variable, argument), argument);

    private static int Parse(string variable, string text, string argument) =>
        int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw new FormatException($"DataParallel: the environment variable {variable} must be an integer; received '{text}'. Fix it or pass {argument}: explicitly.");
}
