using KerasNet.Data;
using KerasNet.Training;

namespace KerasNet.Models;

// The steps the trainer's loops call for each batch; override them to customize training as Keras's train_step,
// test_step and predict_step. Gradient accumulation and distribution happen inside Optimizer.Apply.
public partial class Model
{
    /// <summary>
    /// One training step on a batch: forward in training mode, loss, backward, optimizer update, metrics. Override to
    /// customize training (as Keras's <c>train_step</c>); return the logs to show.
    /// </summary>
    /// <remarks>
    /// An override computes a loss, calls <c>loss.backward()</c> (<c>Optimizer!.ScaleLoss(loss).backward()</c> for
    /// float16 loss scaling) and <c>Optimizer!.Apply()</c>: the optimizer applies
    /// the update when gradient accumulation allows and then clears the gradients, and under a distribution it first
    /// averages them across processes. The base implementation returns logs that read the metrics only when a
    /// callback asks for a value (the metrics keep their state on the device).
    /// </remarks>
    protected internal virtual IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        var state = compiled!;
        var x = ToDevice(batch.X);
        var y = ToDevice(batch.Y);
        var sampleWeight = batch.SampleWeight is null ? null : ToDevice(batch.SampleWeight);
        var predictions = CallWithChecks(x, CallContext.TrainingMode);
        if (!state.OptimizerBuilt) BuildOptimizer();
        var masks = MaskWeights.Of(predictions);
        var loss = state.ComputeLoss(y, predictions, sampleWeight, state.Optimizer.Variables, masks, AddedLosses);
        state.Optimizer.ScaleLoss(loss).backward();
        state.Optimizer.Apply();
        state.LossTracker.UpdateState(loss, batch.Size);
        state.UpdateMetrics(y, predictions, sampleWeight, masks);
        return state.DeferredResults();
    }

    /// <summary>One evaluation step: forward in inference mode, loss and metrics, without autograd.</summary>
    protected internal virtual IReadOnlyDictionary<string, double> TestStep(Batch batch)
    {
        var state = compiled!;
        using var noGrad = torch.no_grad();
        var x = ToDevice(batch.X);
        var y = ToDevice(batch.Y);
        var sampleWeight = batch.SampleWeight is null ? null : ToDevice(batch.SampleWeight);
        var predictions = CallWithChecks(x, CallContext.Inference);
        var masks = MaskWeights.Of(predictions);
        var loss = state.ComputeLoss(y, predictions, sampleWeight, state.Optimizer.Variables, masks, AddedLosses);
        state.LossTracker.UpdateState(loss, batch.Size);
        state.UpdateMetrics(y, predictions, sampleWeight, masks);
        return state.DeferredResults();
    }

    /// <summary>One prediction step: forward in inference mode without autograd.</summary>
    protected internal virtual IReadOnlyList<Tensor> PredictStep(Batch batch)
    {
        using var noGrad = torch.no_grad();
        return CallWithChecks(ToDevice(batch.X), CallContext.Inference);
    }

    /// <summary>
    /// Builds the layers that create their weights on their first call, by running one batch of <paramref name="data"/>
    /// in inference mode (so that a distribution has weights to broadcast before training).
    /// </summary>
    internal void BuildFrom(IDataSource data)
    {
        if (Built && Weights.Count > 0) return;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var first = data.GetBatches(0).FirstOrDefault()
            ?? throw new InvalidOperationException("Fit: the training data produced no batches.");
        CallWithChecks(ToDevice(first.X), CallContext.Inference);
    }
}
