namespace KerasNet.TorchSupport.Mpi;

/// <summary>
/// Collectives over tensors, started without waiting and completed together, so that several can be in flight (the
/// gradient buckets of one step). <see cref="MpiCommunicator"/> implements them for CPU tensors. The shape is the one a
/// GPU backend needs too: an NCCL implementation for CUDA tensors would enqueue <c>ncclAllReduce</c>/<c>ncclBroadcast</c>
/// on a stream in the Start methods and synchronise that stream in <see cref="WaitAll"/>, with the same timeouts; none
/// ships yet.
/// </summary>
public interface ITensorCollectives
{
    /// <summary>This process's rank, in [0, <see cref="Size"/>).</summary>
    int Rank { get; }

    /// <summary>The number of processes.</summary>
    int Size { get; }

    /// <summary>The longest a collective may wait for the other processes before raising <see cref="MpiTimeoutException"/>.</summary>
    TimeSpan Timeout { get; set; }

    /// <summary>Starts reducing <paramref name="tensor"/> in place over every process (a contiguous tensor of a supported dtype).</summary>
    PendingCollective StartAllReduce(Tensor tensor, ReduceOperation operation);

    /// <summary>Starts overwriting <paramref name="tensor"/> on every process with its value on <paramref name="root"/>.</summary>
    PendingCollective StartBroadcast(Tensor tensor, int root);

    /// <summary>Waits until every collective of <paramref name="pending"/> has completed, or raises a typed exception.</summary>
    void WaitAll(IReadOnlyList<PendingCollective> pending);

    /// <summary>Every process's <paramref name="values"/> (each passes as many) concatenated in rank order.</summary>
    long[] AllGather(long[] values);
}
