using KerasNet.Callbacks;
using KerasNet.Data;
using KerasNet.Models;
using KerasNet.Training;

namespace KerasNet.Distributed;

/// <summary>
/// What the training loops do differently under a distribution, asked at fixed points of every loop: which data this
/// process reads, which callbacks it runs and whether it prints, how gradients, logs and stop decisions are combined.
/// The loops call it the same way with or without a distribution; <see cref="Current"/> picks the implementation
/// from <see cref="TrainingDistribution.Current"/>.
/// </summary>
internal abstract class DistributionStrategy
{
    /// <summary>The strategy for the distribution in force: single-process unless a context with several processes is set.</summary>
    internal static DistributionStrategy Current =>
        TrainingDistribution.Current is { WorldSize: > 1 } context ? new DataParallelStrategy(context) : SingleProcessStrategy.Instance;

    /// <summary>The training batches of in-memory tensors that this process reads.</summary>
    internal abstract IDataSource TrainingSource(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, Tensor? sampleWeight, int batchSize, bool shuffle);

    /// <summary>Before Fit's first epoch: this process's share of the training data, with the model's weights made equal everywhere.</summary>
    internal abstract IDataSource PrepareFit(Model model, IDataSource data);

    /// <summary>This process's share of an evaluation's data; <paramref name="steps"/> counts the global batches.</summary>
    internal abstract (IDataSource Data, int? Steps) ShardEvaluation(IDataSource data, int? steps);

    /// <summary>The callbacks this process runs.</summary>
    internal abstract IEnumerable<Callback>? CallbacksToRun(IEnumerable<Callback>? callbacks);

    /// <summary>How much this process prints when <paramref name="requested"/> was asked for.</summary>
    internal abstract Verbosity Verbosity(Verbosity requested);

    /// <summary>Around one training step (forward, backward and update); disposing the result ends it. Null when nothing is needed.</summary>
    internal virtual IDisposable? BeginTrainStep(Model model, CompiledState state) => null;

    /// <summary>Combines the gradients of the processes before an optimizer update.</summary>
    internal abstract void ReduceGradients(IReadOnlyList<Tensor> parameters);

    /// <summary>A training step's logs over the global batch.</summary>
    internal abstract IReadOnlyDictionary<string, double> ReduceTrainingLogs(CompiledState state, IReadOnlyDictionary<string, double> logs);

    /// <summary>An evaluation's final logs over every process's shard (<paramref name="samples"/>: how many this process evaluated).</summary>
    internal abstract Dictionary<string, double> ReduceEvaluationLogs(CompiledState state, IReadOnlyDictionary<string, double> logs, long samples);

    /// <summary>Whether training stops: true on every process when any process asks.</summary>
    internal abstract bool CombineStop(bool stop);
}
