
namespace KerasNet.Optimizers;

// Loss scaling (LossScaleOptimizer) and the members through which a wrapping optimizer runs another's update rule.
public abstract partial class Optimizer
{
    /// <summary>
    /// The loss to call <c>backward()</c> on: <paramref name="loss"/> itself, or multiplied by the loss scale for a
    /// <see cref="LossScaleOptimizer"/> (Keras's <c>optimizer.scale_loss</c>). The base training step uses it; an
    /// overridden <c>TrainStep</c> should too (<c>Optimizer!.ScaleLoss(loss).backward()</c>) to train in float16.
    /// </summary>
    public virtual Tensor ScaleLoss(Tensor loss) => loss ?? throw new ArgumentNullException(nameof(loss));

    /// <summary>
    /// Called by <see cref="Apply"/> on an update, after the gradients are reduced across processes and averaged over
    /// accumulation steps, before clipping. Returning false skips the update: the gradients are cleared and
    /// <see cref="Iterations"/> does not advance.
    /// </summary>
    private protected virtual bool AcceptGradients(Tensor[] parameters) => true;

    internal void CreateStateOf(IReadOnlyList<Tensor> parameters) => CreateState(parameters);

    internal void FreeStateOf() => FreeState();

    internal void StepOf(IReadOnlyList<Tensor> parameters, long step, double learningRate) => Step(parameters, step, learningRate);

    internal bool DecouplesWeightDecayOf => DecouplesWeightDecayItself;

    internal IReadOnlyDictionary<string, double> ExtraStateOf() => GetExtraState();

    internal void SetExtraStateOf(IReadOnlyDictionary<string, double> values) => SetExtraState(values);
}
