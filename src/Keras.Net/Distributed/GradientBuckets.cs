using KerasNet.TorchSupport.Mpi;

namespace KerasNet.Distributed;

/// <summary>
/// Gradient averaging in buckets, as DistributedDataParallel: consecutive gradients of one dtype are flattened into
/// buffers of at most <c>capBytes</c> (a larger gradient gets its own), every buffer's all-reduce is started so that
/// they are all in flight together, and once all have completed each gradient is overwritten with its average.
/// </summary>
internal static class GradientBuckets
{
    internal static void Average(IReadOnlyList<Tensor> gradients, ITensorCollectives collectives, long capBytes)
    {
        if (gradients.Count == 0) return;
        using var scope = torch.NewDisposeScope();
        var buckets = new List<(Tensor Buffer, List<Tensor> Members)>();
        var members = new List<Tensor>();
        long bytes = 0;
        foreach (var g in gradients)
        {
            var size = g.numel() * g.ElementSize;
            if (members.Count > 0 && (bytes + size > capBytes || members[0].dtype != g.dtype))
            {
                buckets.Add(Flatten(members));
                members = new List<Tensor>();
                bytes = 0;
            }
            members.Add(g);
            bytes += size;
        }
        buckets.Add(Flatten(members));
        var pending = new List<PendingCollective>(buckets.Count);
        foreach (var (buffer, _) in buckets) pending.Add(collectives.StartAllReduce(buffer, ReduceOperation.Sum));
        collectives.WaitAll(pending);
        using var noGrad = torch.no_grad();
        foreach (var (buffer, bucket) in buckets)
        {
            buffer.div_(collectives.Size);
            long offset = 0;
            foreach (var g in bucket)
            {
                g.copy_(buffer.narrow(0, offset, g.numel()).view_as(g));
                offset += g.numel();
            }
        }
    }

    private static (Tensor, List<Tensor>) Flatten(List<Tensor> members) =>
        (torch.cat(members.Select(g => g.detach().reshape(-1)).ToArray()), members);
}
