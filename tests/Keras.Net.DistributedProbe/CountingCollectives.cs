using KerasNet.TorchSupport.Mpi;

namespace KerasNet.DistributedProbe;

/// <summary>Collectives that count the float32 all-reduces (the gradient buckets: metric states are float64, stop flags int64).</summary>
internal sealed class CountingCollectives(ITensorCollectives inner) : ITensorCollectives
{
    public int FloatAllReduces { get; private set; }

    public int Rank => inner.Rank;

    public int Size => inner.Size;

    public TimeSpan Timeout { get => inner.Timeout; set => inner.Timeout = value; }

    public PendingCollective StartAllReduce(Tensor tensor, ReduceOperation operation)
    {
        if (tensor.dtype == ScalarType.Float32) FloatAllReduces++;
        return inner.StartAllReduce(tensor, operation);
    }

    public PendingCollective StartBroadcast(Tensor tensor, int root) => inner.StartBroadcast(tensor, root);

    public void WaitAll(IReadOnlyList<PendingCollective> pending) => inner.WaitAll(pending);

    public long[] AllGather(long[] values) => inner.AllGather(values);
}
