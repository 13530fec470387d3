using KerasNet.Data;

namespace KerasNet.Distributed;

/// <summary>
/// This process's share of a data source that cannot be indexed (a loader, a stream): of every
/// <c>WorldSize</c> consecutive batches, process <c>r</c> takes the <c>r</c>-th. Batches past the last full round
/// are dropped so that every process takes the same number of steps. The source must know its batch count.
/// </summary>
public sealed class ShardedDataSource : IDataSource
{
    private readonly IDataSource inner;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public ShardedDataSource(IDataSource inner, int rank, int worldSize)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (worldSize < 1) throw new ArgumentOutOfRangeException(nameof(worldSize), worldSize, $"worldSize must be at least 1; received {worldSize}.");
        if (rank < 0 || rank >= worldSize)
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"rank must be in [0, worldSize) = [0, {worldSize}); received {rank}.");
        if (inner.BatchCount is not { } count)
            throw new ArgumentException(
                $"DataParallel cannot shard a data source of unknown length ({inner.GetType().Name}.BatchCount is null): every process must take " +
                "the same number of steps. Give the source a BatchCount, or pass in-memory tensors to Fit.", nameof(inner));
        if (count < worldSize)
            throw new ArgumentException($"The data source has {count} batches, fewer than the {worldSize} processes; use smaller batches or more data.", nameof(inner));
        this.inner = inner;
        Rank = rank;
        WorldSize = worldSize;
    }

    /// <summary>This process's rank.</summary>
    public int Rank { get; }

    /// <summary>The number of processes.</summary>
    public int WorldSize { get; }

    /// <inheritdoc/>
    public int? BatchCount => inner.BatchCount!.Value / WorldSize;

    /// <inheritdoc/>
    public IEnumerable<Batch> GetBatches(int epoch)
    {
        var taken = 0;
        var limit = BatchCount!.Value;
        var i = 0;
        foreach (var batch in inner.GetBatches(epoch))
        {
            if (taken == limit) yield break;
            if (i++ % WorldSize == Rank)
            {
                taken++;
                yield return batch;
            }
            // Skipped batches are freed with the trainer's per-batch scope they were created in.
        }
    }
}
