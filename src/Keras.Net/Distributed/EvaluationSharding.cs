using KerasNet.Data;

namespace KerasNet.Distributed;

/// <summary>
/// Which part of an evaluation's data (Fit's validation data, <c>Evaluate</c>'s data) each process reads under data
/// parallelism: every sample exactly once over all the processes, without padding or duplicates. Unlike training,
/// evaluation needs no equal step counts: the processes meet once, at the end, to add their metric states. (So the
/// forward pass in inference mode must not use collectives: the processes may run different numbers of batches.)
/// </summary>
internal static class EvaluationSharding
{
    /// <summary>
    /// This process's contiguous range of <paramref name="count"/> samples: the first <c>count % worldSize</c>
    /// processes take one sample more than the others, so rank 0 is never empty while there is a sample.
    /// </summary>
    internal static (long Start, long Length) SampleRange(long count, int rank, int worldSize)
    {
        var size = count / worldSize;
        var extra = count % worldSize;
        return (rank * size + Math.Min(rank, extra), size + (rank < extra ? 1 : 0));
    }

    /// <summary>
    /// This process's shard of <paramref name="data"/>, with the <paramref name="steps"/> limit (a number of global
    /// batches, as a single process would count them) applied before sharding; the shard is read to its end.
    /// In-memory tensors (<see cref="TensorBatchSource"/>) are split into contiguous ranges of samples; other sources
    /// by batches (rank <c>r</c> reads batches <c>r, r + W, r + 2W, ...</c>, the remainder going to the first ranks).
    /// Sources already sharded for training are returned as they are.
    /// </summary>
    internal static (IDataSource Data, int? Steps) Shard(IDataSource data, int? steps, int rank, int worldSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (steps is < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, $"steps must be non-negative; received {steps}.");
        switch (data)
        {
            case DistributedTensorBatchSource or ShardedDataSource or StridedBatchSource:
                return (data, steps);
            case TensorBatchSource tensors:
            {
                var count = steps is { } s ? Math.Min(tensors.Count, (long)s * tensors.BatchSize) : tensors.Count;
                var (start, length) = SampleRange(count, rank, worldSize);
                return (tensors.Slice(start, length), null);
            }
            default:
                return (new StridedBatchSource(data, rank, worldSize, steps), null);
        }
    }
}

/// <summary>
/// Every <c>WorldSize</c>-th batch of a source, starting at batch <c>Rank</c>, over the first <c>Limit</c> batches
/// (all when null). Nothing is dropped: when the batch count is not a multiple of the world size, the first ranks read
/// one batch more. For evaluation, where the ranks need not take the same number of steps.
/// </summary>
internal sealed class StridedBatchSource : IDataSource
{
    private readonly IDataSource inner;

    internal StridedBatchSource(IDataSource inner, int rank, int worldSize, int? limit)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ProcessRank.Check(rank, worldSize);
        (this.inner, Rank, WorldSize, Limit) = (inner, rank, worldSize, limit);
    }

    internal int Rank { get; }

    internal int WorldSize { get; }

    /// <summary>How many of the inner source's batches are shared out (all when null).</summary>
    internal int? Limit { get; }

    /// <inheritdoc/>
    public int? BatchCount
    {
        get
        {
            var total = Limit is { } l ? Math.Min(l, inner.BatchCount ?? l) : inner.BatchCount;
            return total is { } t ? t / WorldSize + (Rank < t % WorldSize ? 1 : 0) : null;
        }
    }

    /// <inheritdoc/>
    public IEnumerable<Batch> GetBatches(int epoch)
    {
        var i = 0;
        foreach (var batch in inner.GetBatches(epoch))
        {
            if (Limit is { } l && i >= l) yield break;
            if (i++ % WorldSize == Rank) yield return batch;
            // Skipped batches are freed with the evaluation loop's per-batch scope they were created in.
        }
    }
}
