using KerasNet.Callbacks;
using KerasNet.Data;
using KerasNet.Distributed;
using KerasNet.Training;

namespace KerasNet.Models;

// Exact logs and sharded evaluation under a distribution (TrainingDistribution.Set): every sample is evaluated on one
// process only, and the processes add their metric states (MetricStateReduction) instead of averaging their results.
public partial class Model
{
    /// <summary>
    /// Prepares a distributed Evaluate: this process's shard of the data (the <paramref name="steps"/> limit counts
    /// global batches and is folded into the shard), the callbacks this process runs, silence on non-chief processes.
    /// </summary>
    private static void BeginDistributedEvaluation(ref IDataSource data, ref int? steps, ref IEnumerable<Callback>? callbacks, ref Verbosity verbose)
    {
        if (TrainingDistribution.Current is not { WorldSize: > 1 } d) return;
        (data, steps) = EvaluationSharding.Shard(data, steps, d.Rank, d.WorldSize);
        if (callbacks is not null) callbacks = callbacks.Where(d.RunsCallback).ToArray();
        if (!d.IsChief) verbose = Verbosity.Silent;
    }

    /// <summary>Fit's validation data under a distribution: this process's shard (see <see cref="BeginDistributedEvaluation"/>).</summary>
    private static void ShardValidation(IDistributionContext distribution, ref IDataSource? validation, ref int? validationSteps)
    {
        if (validation is null) return;
        (validation, validationSteps) = EvaluationSharding.Shard(validation, validationSteps, distribution.Rank, distribution.WorldSize);
    }

    /// <summary>
    /// A training step's logs over the whole global batch and epoch so far: the processes' metric states added in one
    /// all-reduce (the same collective on every process, after every batch).
    /// </summary>
    private Dictionary<string, double> ReduceTrainingLogs(IDistributionContext distribution, Dictionary<string, double> logs) =>
        MetricStateReduction.Reduce(compiled!, logs, weight: 1.0, distribution, agreeOnLengths: false);

    /// <summary>
    /// An evaluation's logs over every process's shard (<paramref name="samples"/>: how many this process evaluated;
    /// it may be none). Called once, at the end of the evaluation, on every process.
    /// </summary>
    private Dictionary<string, double> ReduceEvaluationLogs(IDistributionContext distribution, long samples) =>
        MetricStateReduction.Reduce(compiled!, compiled!.Results(), samples, distribution, agreeOnLengths: true);
}
