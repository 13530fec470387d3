namespace KerasNet.Distributed;

/// <summary>
/// The process-wide distribution setting, as Keras's <c>keras.distribution.set_distribution</c>: once set, every
/// <c>Fit</c> (and <c>TrainOnBatch</c>) trains data-parallel across the job's processes.
/// </summary>
/// <remarks>
/// <see cref="DataParallel"/> trains across the processes of an MPI job (<c>TrainingDistribution.Set(new DataParallel())</c>,
/// launched with <c>mpirun -np N</c>); any other <see cref="IDistributionContext"/> can be set here too.
/// </remarks>
public static class TrainingDistribution
{
    private static IDistributionContext? current;

    /// <summary>The distribution in force, or null (single process).</summary>
    public static IDistributionContext? Current => current;

    /// <summary>Sets the distribution for the following training calls; null goes back to single-process training.</summary>
    public static void Set(IDistributionContext? distribution) => current = distribution;

    /// <summary>Back to single-process training.</summary>
    public static void Clear() => current = null;
}
