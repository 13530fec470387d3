using KerasNet.Callbacks;
using KerasNet.Data;
using KerasNet.Distributed;

namespace KerasNet.Models;

// The hooks Fit and TrainStep call when a distribution is set (TrainingDistribution.Set); kept apart
// from the training loop so that Model.Training.cs only names the hook points.
public partial class Model
{
    /// <summary>The training source for in-memory tensors: this process's shard under a distribution.</summary>
    private static IDataSource TrainingSource(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, Tensor? sampleWeight, int batchSize, bool shuffle) =>
        TrainingDistribution.Current is { WorldSize: > 1 } d
            ? d.ShardTensors(x, y, sampleWeight, batchSize, shuffle)
            : new TensorBatchSource(x, y, sampleWeight, batchSize, shuffle);

    /// <summary>
    /// Prepares a distributed Fit: shards the data, keeps only the callbacks this process runs, silences non-chief
    /// processes, builds the model if needed and broadcasts the chief's weights. Returns null without a distribution.
    /// </summary>
    private IDistributionContext? BeginDistributedFit(ref IDataSource data, ref IEnumerable<Callback>? callbacks, ref Verbosity verbose)
    {
        if (TrainingDistribution.Current is not { WorldSize: > 1 } d) return null;
        data = d.ShardData(data);
        if (callbacks is not null) callbacks = callbacks.Where(d.RunsCallback).ToArray();
        if (!d.IsChief) verbose = Verbosity.Silent;
        if (!Built || Weights.Count == 0)
        {
            // Layers create their weights on the first call: run one batch in inference mode so there is something to broadcast.
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var first = data.GetBatches(0).FirstOrDefault()
                ?? throw new InvalidOperationException("Fit: the training data produced no batches.");
            CallWithChecks(ToDevice(first.X), CallContext.Inference);
        }
        d.SynchronizeWeights(Weights.Select(v => v.Value).ToArray());
        return d;
    }

    /// <summary>
    /// The training step's backward and, under a distribution, the gradient average across processes before the
    /// optimizer step.
    /// </summary>
    private static void BackwardAndReduceGradients(Tensor loss, Optimizers.Optimizer optimizer)
    {
        loss.backward();
        ReduceGradients(optimizer.Variables);
    }

    /// <summary>Averages the gradients across processes before the optimizer step (no-op without a distribution).</summary>
    private static void ReduceGradients(IReadOnlyList<Variable> variables)
    {
        if (TrainingDistribution.Current is not { WorldSize: > 1 } d) return;
        var grads = new List<Tensor>(variables.Count);
        foreach (var v in variables)
            if (v.Value.grad is { } g) grads.Add(g);
        d.ReduceGradients(grads);
    }
}
