using KerasNet.Callbacks;
using KerasNet.Data;

namespace KerasNet.Distributed;

/// <summary>
/// The hooks through which Fit runs under a distribution (set with <see cref="TrainingDistribution.Set"/>). Every process of the job
/// calls them at the same points in the same order, so implementations may use collectives.
/// </summary>
public interface IDistributionContext
{
    /// <summary>This process's rank, in [0, <see cref="WorldSize"/>).</summary>
    int Rank { get; }

    /// <summary>The number of processes.</summary>
    int WorldSize { get; }

    /// <summary>True on the process that prints progress and writes files (rank 0).</summary>
    bool IsChief { get; }

    /// <summary>This process's share of in-memory samples, batched with <paramref name="batchSize"/> samples per process.</summary>
    IDataSource ShardTensors(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, Tensor? sampleWeight, int batchSize, bool shuffle);

    /// <summary>This process's share of a data source (a source already sharded by <see cref="ShardTensors"/> is returned as is).</summary>
    IDataSource ShardData(IDataSource data);

    /// <summary>Makes every process's weights equal to the chief's (before training starts).</summary>
    void SynchronizeWeights(IReadOnlyList<Tensor> weights);

    /// <summary>Replaces every process's gradients by their average over the processes (before the optimizer step).</summary>
    void ReduceGradients(IReadOnlyList<Tensor> gradients);

    /// <summary>
    /// The element-wise sum of every process's <paramref name="values"/> (every process passes as many), returned as a
    /// new array: how Fit and Evaluate add the metric states of the processes (see <see cref="Metrics.Metric.ExportState"/>)
    /// so that the logs are those of one process over all the data.
    /// </summary>
    double[] AllReduceSum(double[] values);

    /// <summary>
    /// The sum of <paramref name="tensor"/> over the processes, as a new tensor that autograd records (its backward
    /// sums the gradients over the processes): the global batch statistics of synchronized BatchNormalization.
    /// </summary>
    Tensor AllReduceSum(Tensor tensor);

    /// <summary>True on every process when any process asks to stop training (so all stop together).</summary>
    bool AnyStop(bool stop);

    /// <summary>
    /// Every process's <paramref name="values"/> concatenated in rank order (every process passes as many values),
    /// e.g. to agree on BackupAndRestore's resume point.
    /// </summary>
    long[] AllGather(long[] values);

    /// <summary>Whether <paramref name="callback"/> runs on this process (writers such as ModelCheckpoint run on the chief only).</summary>
    bool RunsCallback(Callback callback);
}
