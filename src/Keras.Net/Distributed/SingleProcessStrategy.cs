using KerasNet.Callbacks;
using KerasNet.Data;
using KerasNet.Models;
using KerasNet.Training;

namespace KerasNet.Distributed;

/// <summary>No distribution: this process reads all the data, runs every callback, and combines nothing.</summary>
internal sealed class SingleProcessStrategy : DistributionStrategy
{
    internal static readonly SingleProcessStrategy Instance = new();

    private SingleProcessStrategy() { }

    internal override IDataSource TrainingSource(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, Tensor? sampleWeight, int batchSize, bool shuffle) =>
        new TensorBatchSource(x, y, sampleWeight, batchSize, shuffle);

    internal override IDataSource PrepareFit(Model model, IDataSource data) => data;

    internal override (IDataSource Data, int? Steps) ShardEvaluation(IDataSource data, int? steps) => (data, steps);

    internal override IEnumerable<Callback>? CallbacksToRun(IEnumerable<Callback>? callbacks) => callbacks;

    internal override Verbosity Verbosity(Verbosity requested) => requested;

    internal override void ReduceGradients(IReadOnlyList<Tensor> parameters) { }

    internal override IReadOnlyDictionary<string, double> ReduceTrainingLogs(CompiledState state, IReadOnlyDictionary<string, double> logs) => logs;

    internal override Dictionary<string, double> ReduceEvaluationLogs(CompiledState state, IReadOnlyDictionary<string, double> logs, long samples) =>
        new(logs, StringComparer.Ordinal);

    internal override bool CombineStop(bool stop) => stop;
}
