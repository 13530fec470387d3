namespace KerasNet.Distributed;

/// <summary>
/// The process-wide distribution setting, as Keras's <c>keras.distribution.set_distribution</c>: once set, every
/// <c>Fit</c> (and <c>TrainOnBatch</c>) trains data-parallel across the job's processes.
/// </summary>
/// <example><code>
/// TrainingDistribution.Set(new DataParallel());            // reads MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE
/// model.Compile(new Adam(), new SparseCategoricalCrossentropy(fromLogits: true));
/// model.Fit(x, y, batchSize: 64, epochs: 3);       // 64 samples per process and step
/// </code></example>
public static class TrainingDistribution
{
    private static IDistributionContext? current;

    /// <summary>The distribution in force, or null (single process).</summary>
    public static IDistributionContext? Current => current;

    /// <summary>
    /// Sets the distribution for the following training calls; a <see cref="DataParallel"/> joins its process
    /// group here (rendezvous with the other processes). Null goes back to single-process training.
    /// </summary>
    public static void Set(IDistributionContext? distribution)
    {
        if (distribution is DataParallel dataParallel) dataParallel.Connect();
        current = distribution;
    }

    /// <summary>Back to single-process training (the process group stays up; dispose the DataParallel to leave it).</summary>
    public static void Clear() => current = null;
}
