namespace KerasNet.Distributed;

/// <summary>The check every per-process view of the data makes of its (rank, world size).</summary>
internal static class ProcessRank
{
    /// <summary>Throws unless <paramref name="worldSize"/> ≥ 1 and <paramref name="rank"/> is in [0, worldSize).</summary>
    internal static void Check(int rank, int worldSize)
    {
        if (worldSize < 1) throw new ArgumentOutOfRangeException(nameof(worldSize), worldSize, $"worldSize must be at least 1; received {worldSize}.");
        if (rank < 0 || rank >= worldSize)
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"rank must be in [0, worldSize) = [0, {worldSize}); received {rank}.");
    }
}
