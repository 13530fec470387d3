using KerasNet.Callbacks;
using KerasNet.Data;
using KerasNet.Models;
using KerasNet.Training;

namespace KerasNet.Distributed;

/// <summary>
/// Data parallelism over the processes of an <see cref="IDistributionContext"/>: each process trains on its shard,
/// gradients are averaged before every update, the chief alone prints and writes, logs are those of one process over
/// all the data (metric states added across processes), and all stop when one asks.
/// </summary>
internal sealed class DataParallelStrategy : DistributionStrategy
{
    private readonly IDistributionContext context;

    internal DataParallelStrategy(IDistributionContext context) => this.context = context;

    internal override IDataSource TrainingSource(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, Tensor? sampleWeight, int batchSize, bool shuffle) =>
        context.ShardTensors(x, y, sampleWeight, batchSize, shuffle);

    internal override IDataSource PrepareFit(Model model, IDataSource data)
    {
        var shard = context.ShardData(data);
        // Layers create their weights on their first call: the chief's weights can only be broadcast once they exist.
        model.BuildFrom(shard);
        context.SynchronizeWeights(model.Weights.Select(v => v.Value).ToArray());
        return shard;
    }

    internal override (IDataSource Data, int? Steps) ShardEvaluation(IDataSource data, int? steps) =>
        EvaluationSharding.Shard(data, steps, context.Rank, context.WorldSize);

    internal override IEnumerable<Callback>? CallbacksToRun(IEnumerable<Callback>? callbacks) => callbacks?.Where(context.RunsCallback).ToArray();

    internal override Verbosity Verbosity(Verbosity requested) => context.IsChief ? requested : Models.Verbosity.Silent;

    // Overlap needs the optimizer to update on this step: gradient accumulation reduces only on the updating step.
    internal override IDisposable? BeginTrainStep(Model model, CompiledState state) =>
        context is DataParallel { Overlap: true } dp && state.Optimizer.UpdatesOnNextApply ? dp.BeginOverlappedStep(model.TrainableWeights) : null;

    internal override void ReduceGradients(IReadOnlyList<Tensor> parameters)
    {
        if (context is DataParallel dp) parameters = dp.FinishOverlappedStep(parameters);
        var grads = new List<Tensor>(parameters.Count);
        foreach (var p in parameters)
            if (p.grad is { } g) grads.Add(g);
        context.ReduceGradients(grads);
    }

    // One all-reduce of the metric states after every batch, on every process: the same collective everywhere.
    internal override IReadOnlyDictionary<string, double> ReduceTrainingLogs(CompiledState state, IReadOnlyDictionary<string, double> logs) =>
        MetricStateReduction.Reduce(state, logs, weight: 1.0, context, agreeOnLengths: false);

    // The compiled loss and metrics only: values a custom TestStep adds are not reduced.
    internal override Dictionary<string, double> ReduceEvaluationLogs(CompiledState state, IReadOnlyDictionary<string, double> logs, long samples) =>
        MetricStateReduction.Reduce(state, state.Results(), samples, context, agreeOnLengths: true);

    internal override bool CombineStop(bool stop) => context.AnyStop(stop);
}
