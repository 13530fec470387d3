using System.Runtime.InteropServices;

namespace KerasNet.TorchSupport.Mpi;

/// <summary>
/// <c>MPI_COMM_WORLD</c> of the job this process was launched in (<c>mpirun -np N</c>, <c>srun --mpi=pmix</c>), reached
/// through MPI's C ABI. Every collective is started non-blocking and polled with <c>MPI_Test</c>, so none waits longer
/// than <see cref="Timeout"/> (<see cref="MpiTimeoutException"/>), and a peer that dies on this machine, or a launcher
/// ending the job, is reported within about a second (<see cref="MpiPeerLostException"/>). MPI errors come back as codes
/// (<c>MPI_ERRORS_RETURN</c>) and are raised as <see cref="MpiException"/> with MPI's own text. After any of these the
/// communicator is <see cref="IsBroken"/> and makes no further MPI calls.
/// </summary>
public sealed unsafe partial class MpiCommunicator : ITensorCollectives
{
    /// <summary>The default <see cref="Timeout"/>: 30 minutes, as PyTorch's process groups.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    private static readonly object Gate = new();
    private static MpiCommunicator? world;

    private readonly MpiFunctions mpi;
    private TimeSpan timeout = DefaultTimeout;
    private PeerWatch? peers;

    private MpiCommunicator(MpiFunctions mpi, int rank, int size)
    {
        this.mpi = mpi;
        Rank = rank;
        Size = size;
    }

    /// <summary>
    /// The world communicator, initializing MPI (thread level serialized) on first use; MPI can be initialized only once
    /// per process, so every call returns the same object. It is finalized when the process exits normally.
    /// </summary>
    public static MpiCommunicator World()
    {
        lock (Gate)
        {
            if (world is not null) return world;
            var mpi = MpiLibrary.Load();
            int flag, provided, rank, size;
            Check(mpi, mpi.Initialized(&flag), "MPI_Initialized", -1);
            if (flag == 0) Check(mpi, mpi.InitThread(null, null, MpiAbi.ThreadSerialized, &provided), "MPI_Init_thread", -1);
            Check(mpi, mpi.CommSetErrhandler(mpi.Abi.CommWorld, mpi.Abi.ErrorsReturn), "MPI_Comm_set_errhandler", -1);
            Check(mpi, mpi.CommRank(mpi.Abi.CommWorld, &rank), "MPI_Comm_rank", -1);
            Check(mpi, mpi.CommSize(mpi.Abi.CommWorld, &size), "MPI_Comm_size", rank);
            var created = new MpiCommunicator(mpi, rank, size);
            created.peers = PeerWatch.Start(created);
            if (flag == 0) AppDomain.CurrentDomain.ProcessExit += (_, _) => created.Shutdown();
            return world = created;
        }
    }

    /// <inheritdoc/>
    public int Rank { get; }

    /// <inheritdoc/>
    public int Size { get; }

    /// <summary>The MPI implementation ("Open MPI" or "MPICH").</summary>
    public string Implementation => mpi.Abi.Name;

    /// <inheritdoc/>
    public TimeSpan Timeout
    {
        get => timeout;
        set => timeout = value > TimeSpan.Zero ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"MpiCommunicator.Timeout must be positive; received {value}.");
    }

    /// <summary>True after a collective failed: the communicator then refuses every call (MPI state is unknown).</summary>
    public bool IsBroken { get; private set; }

    /// <summary>Calls <c>MPI_Finalize</c> unless the communicator is broken or MPI is finalized already (e.g. by another library).</summary>
    public void Shutdown()
    {
        lock (Gate)
        {
            if (IsBroken) return;
            int done;
            if (mpi.Finalized(&done) == 0 && done == 0) mpi.Finalize();
            IsBroken = true;
        }
    }

    /// <inheritdoc/>
    public PendingCollective StartAllReduce(Tensor tensor, ReduceOperation operation)
    {
        var (count, type) = Describe(tensor, "all-reduce");
        long request = 0;
        var op = operation == ReduceOperation.Sum ? mpi.Abi.Sum : mpi.Abi.Max;
        var address = TensorMemory.Address(tensor);
        Check(mpi.Iallreduce((void*)mpi.Abi.InPlace, address, count, type, op, mpi.Abi.CommWorld, &request), "MPI_Iallreduce");
        return new PendingCollective("MPI_Iallreduce", request, tensor, default);
    }

    /// <inheritdoc/>
    public PendingCollective StartBroadcast(Tensor tensor, int root)
    {
        CheckRoot(root);
        var (count, type) = Describe(tensor, "broadcast");
        long request = 0;
        Check(mpi.Ibcast(TensorMemory.Address(tensor), count, type, root, mpi.Abi.CommWorld, &request), "MPI_Ibcast");
        return new PendingCollective("MPI_Ibcast", request, tensor, default);
    }

    /// <summary>Reduces <paramref name="tensor"/> in place over every process.</summary>
    public void AllReduce(Tensor tensor, ReduceOperation operation) => WaitAll([StartAllReduce(tensor, operation)]);

    /// <summary>Overwrites <paramref name="tensor"/> on every process with its value on <paramref name="root"/>.</summary>
    public void Broadcast(Tensor tensor, int root) => WaitAll([StartBroadcast(tensor, root)]);

    /// <summary>The element-wise sum over the processes of <paramref name="values"/> (every process passes as many), as a new array.</summary>
    public double[] AllReduceSum(double[] values) => AllReduceArray(values, mpi.Abi.Double, mpi.Abi.Sum);

    /// <summary>The element-wise sum over the processes of <paramref name="values"/>, as a new array.</summary>
    public float[] AllReduceSum(float[] values) => AllReduceArray(values, mpi.Abi.Float, mpi.Abi.Sum);

    /// <summary>The element-wise sum over the processes of <paramref name="values"/>, as a new array.</summary>
    public long[] AllReduceSum(long[] values) => AllReduceArray(values, mpi.Abi.Int64, mpi.Abi.Sum);

    /// <summary>The element-wise maximum over the processes of <paramref name="values"/>, as a new array.</summary>
    public long[] AllReduceMax(long[] values) => AllReduceArray(values, mpi.Abi.Int64, mpi.Abi.Max);

    /// <summary>Overwrites <paramref name="values"/> on every process with rank <paramref name="root"/>'s (every process passes as many).</summary>
    public void Broadcast(double[] values, int root)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckRoot(root);
        var pin = GCHandle.Alloc(values, GCHandleType.Pinned);
        long request = 0;
        Check(mpi.Ibcast((void*)pin.AddrOfPinnedObject(), values.Length, mpi.Abi.Double, root, mpi.Abi.CommWorld, &request), "MPI_Ibcast", pin);
        WaitAll([new PendingCollective("MPI_Ibcast", request, null, pin)]);
    }

    /// <inheritdoc/>
    public long[] AllGather(long[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new long[values.Length * Size];
        var send = GCHandle.Alloc(values.Clone(), GCHandleType.Pinned);
        var receive = GCHandle.Alloc(result, GCHandleType.Pinned);
        long request = 0;
        Check(mpi.Iallgather((void*)send.AddrOfPinnedObject(), values.Length, mpi.Abi.Int64, (void*)receive.AddrOfPinnedObject(), values.Length,
                             mpi.Abi.Int64, mpi.Abi.CommWorld, &request), "MPI_Iallgather", receive);
        WaitAll([new PendingCollective("MPI_Iallgather", request, null, receive)]);
        send.Free();
        return result;
    }

    private T[] AllReduceArray<T>(T[] values, nint type, nint op) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = (T[])values.Clone();
        if (result.Length == 0) return result;
        var pin = GCHandle.Alloc(result, GCHandleType.Pinned);
        long request = 0;
        Check(mpi.Iallreduce((void*)mpi.Abi.InPlace, (void*)pin.AddrOfPinnedObject(), result.Length, type, op, mpi.Abi.CommWorld, &request),
              "MPI_Iallreduce", pin);
        WaitAll([new PendingCollective("MPI_Iallreduce", request, null, pin)]);
        return result;
    }

    private (int Count, nint Type) Describe(Tensor tensor, string what)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ThrowIfBroken();
        if (tensor.device_type != DeviceType.CPU)
            throw new ArgumentException($"MPI {what}: the tensor is on {tensor.device}; the MPI backend reduces CPU tensors only (a CUDA " +
                                        "backend over NCCL is not implemented). Move it with .cpu() first.", nameof(tensor));
        if (!tensor.is_contiguous())
            throw new ArgumentException($"MPI {what}: the tensor of shape ({string.Join(", ", tensor.shape)}) is not contiguous; pass " +
                                        "tensor.contiguous() and copy the result back.", nameof(tensor));
        if (tensor.numel() > int.MaxValue)
            throw new ArgumentException($"MPI {what}: the tensor has {tensor.numel()} elements, more than MPI's count ({int.MaxValue}); split it.", nameof(tensor));
        var type = tensor.dtype switch
        {
            ScalarType.Float32 => mpi.Abi.Float,
            ScalarType.Float64 => mpi.Abi.Double,
            ScalarType.Int64 => mpi.Abi.Int64,
            _ => throw new ArgumentException($"MPI {what}: the tensor's dtype is {tensor.dtype}; expected float32, float64 or int64.", nameof(tensor)),
        };
        return ((int)tensor.numel(), type);
    }

    private void CheckRoot(int root)
    {
        if (root < 0 || root >= Size)
            throw new ArgumentOutOfRangeException(nameof(root), root, $"MPI broadcast: root must be a rank in [0, {Size}); received {root}.");
    }

    private void ThrowIfBroken()
    {
        if (IsBroken)
            throw new InvalidOperationException($"The MPI communicator of rank {Rank} is unusable: an earlier collective failed, or MPI was " +
                                                "finalized. End the process (the launcher ends the others) and start the job again.");
    }

    private void Check(int code, string operation, GCHandle pin = default)
    {
        if (code == 0) return;
        if (pin.IsAllocated) pin.Free();
        IsBroken = true;
        throw new MpiException($"{operation} failed on rank {Rank} of {Size}: {mpi.Describe(code)} (MPI error {code}).", operation, Rank, code);
    }

    private static void Check(MpiFunctions mpi, int code, string operation, int rank)
    {
        if (code != 0)
            throw new MpiException($"{operation} failed{(rank >= 0 ? $" on rank {rank}" : "")}: {mpi.Describe(code)} (MPI error {code}). " +
                                   "Start the program with mpirun (or srun --mpi=pmix) from the same MPI installation.", operation, rank, code);
    }
}
