
namespace KerasNet.Distributed;

/// <summary>
/// Which samples each process reads, with PyTorch DistributedSampler's rule: at every epoch the global index list
/// is shuffled with a generator seeded by <c>seed + epoch</c> (the same permutation on every process), padded by
/// repeating its first indices to a multiple of the world size, and process <c>r</c> takes positions
/// <c>r, r + W, r + 2W, ...</c>. Every process gets the same number of samples, and together they see every sample
/// once per epoch (plus the padding).
/// </summary>
public sealed class DistributedSampler
{
    /// <summary>Creates the sampler.</summary>
    /// <param name="count">The number of samples in the data set.</param>
    /// <param name="rank">This process's rank.</param>
    /// <param name="worldSize">The number of processes.</param>
    /// <param name="shuffle">Shuffle at every epoch (otherwise the order is 0, 1, 2, ...).</param>
    /// <param name="seed">The seed shared by every process.</param>
    public DistributedSampler(long count, int rank, int worldSize, bool shuffle = true, long seed = 0)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, $"DistributedSampler needs at least one sample; received {count}.");
        ProcessRank.Check(rank, worldSize);
        (Count, Rank, WorldSize, Shuffle) = (count, rank, worldSize, shuffle);
        Seed = seed;
    }

    /// <summary>The number of samples in the data set.</summary>
    public long Count { get; }

    /// <summary>This process's rank.</summary>
    public int Rank { get; }

    /// <summary>The number of processes.</summary>
    public int WorldSize { get; }

    /// <summary>Whether the order changes every epoch.</summary>
    public bool Shuffle { get; }

    /// <summary>The seed shared by every process.</summary>
    public long Seed { get; }

    /// <summary>Samples per process and epoch: ceil(Count / WorldSize).</summary>
    public long SamplesPerRank => (Count + WorldSize - 1) / WorldSize;

    /// <summary>The indices this process reads in <paramref name="epoch"/>, in order.</summary>
    public long[] Indices(int epoch)
    {
        long[] order;
        if (Shuffle)
        {
            using var generator = new Generator((ulong)(Seed + epoch));
            using var scope = torch.NewDisposeScope();
            order = torch.randperm(Count, generator: generator).data<long>().ToArray();
        }
        else
        {
            order = new long[Count];
            for (long i = 0; i < Count; i++) order[i] = i;
        }
        var result = new long[SamplesPerRank];
        for (long k = 0; k < result.Length; k++) result[k] = order[(Rank + k * WorldSize) % Count];
        return result;
    }
}
