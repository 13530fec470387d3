using System.Globalization;
using KerasNet.Serialization;

namespace KerasNet.Optimizers;

/// <summary>
/// Dynamic loss scaling for float16 training, as Keras's <c>LossScaleOptimizer</c>: the training step multiplies the
/// loss by <see cref="DynamicScale"/> before <c>backward()</c> (<see cref="ScaleLoss"/>), so that small float16
/// gradients do not round to zero; before the update the gradients are divided by the scale. A step whose gradients
/// hold an infinity or NaN is skipped and the scale halved; after <see cref="DynamicGrowthSteps"/> finite steps in a
/// row the scale doubles. Compile wraps the optimizer in one automatically under a <c>mixed_float16</c> policy.
/// </summary>
/// <remarks>
/// The inner optimizer keeps its update rule and state; its settings (learning rate or schedule, clipping, weight
/// decay, moving average, gradient accumulation) are taken over by this optimizer, which applies them in the usual
/// order on the unscaled gradients, so <see cref="Optimizer.LearningRate"/> and callbacks that change it act on this
/// object. The finiteness check reads one boolean on the host per update. Under gradient accumulation the scale is
/// constant within an accumulation window (it changes only on updates), so the summed gradients unscale exactly.
/// </remarks>
public sealed class LossScaleOptimizer : Optimizer
{
    private bool lossScaled;

    /// <summary>Wraps <paramref name="innerOptimizer"/>.</summary>
    /// <param name="innerOptimizer">The optimizer whose rule updates the weights (not itself a LossScaleOptimizer); its state is (re)created when this optimizer is built.</param>
    /// <param name="initialScale">The first loss scale (Keras's 2^15).</param>
    /// <param name="dynamicGrowthSteps">Finite steps after which the scale doubles (Keras's 2000).</param>
    /// <param name="name">The optimizer's name.</param>
    public LossScaleOptimizer(Optimizer innerOptimizer, double initialScale = 32768.0, int dynamicGrowthSteps = 2000, string name = "loss_scale_optimizer")
        : base(Inner(innerOptimizer).LearningRate, innerOptimizer.Schedule, innerOptimizer.WeightDecay, innerOptimizer.Clipnorm, innerOptimizer.Clipvalue,
               innerOptimizer.GlobalClipnorm, innerOptimizer.UseEma, innerOptimizer.EmaMomentum, innerOptimizer.EmaOverwriteFrequency,
               innerOptimizer.GradientAccumulationSteps, name)
    {
        if (!(initialScale > 0) || double.IsInfinity(initialScale))
            throw new ArgumentOutOfRangeException(nameof(initialScale), initialScale, "LossScaleOptimizer: initialScale must be a finite number > 0 (Keras's default is 32768).");
        if (dynamicGrowthSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(dynamicGrowthSteps), dynamicGrowthSteps, "LossScaleOptimizer: dynamicGrowthSteps must be at least 1 (Keras's default is 2000).");
        InnerOptimizer = innerOptimizer;
        InitialScale = initialScale;
        DynamicScale = initialScale;
        DynamicGrowthSteps = dynamicGrowthSteps;
    }

    private static Optimizer Inner(Optimizer? inner)
    {
        ArgumentNullException.ThrowIfNull(inner, "innerOptimizer");
        if (inner is LossScaleOptimizer)
            throw new ArgumentException("LossScaleOptimizer: the inner optimizer is already a LossScaleOptimizer; wrap the plain optimizer once.", "innerOptimizer");
        return inner;
    }

    /// <summary>The optimizer whose rule and state update the weights.</summary>
    public Optimizer InnerOptimizer { get; }

    /// <summary>The scale the loss started with.</summary>
    public double InitialScale { get; }

    /// <summary>The current loss scale.</summary>
    public double DynamicScale { get; private set; }

    /// <summary>The number of finite steps in a row after which the scale doubles.</summary>
    public int DynamicGrowthSteps { get; }

    /// <summary>Finite steps since the scale last changed.</summary>
    public long StepsSinceScaleChange { get; private set; }

    /// <summary>The number of updates skipped because a gradient was not finite.</summary>
    public long SkippedSteps { get; private set; }

    /// <summary>Multiplies the loss by <see cref="DynamicScale"/>; the next update divides the gradients by it.</summary>
    public override Tensor ScaleLoss(Tensor loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        lossScaled = true;
        return loss * DynamicScale;
    }

    private protected override bool AcceptGradients(Tensor[] parameters)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var grads = parameters.Select(p => p.grad).OfType<Tensor>().ToArray();
        // A training step that did not call ScaleLoss (an overridden TrainStep) left the gradients unscaled.
        if (lossScaled && grads.Length > 0)
        {
            var inverse = 1.0 / DynamicScale;
            foreach (var g in grads) g.mul_(inverse);
        }
        lossScaled = false;
        var finite = grads.Length == 0 || torch.stack(grads.Select(g => g.isfinite().all()).ToArray()).all().item<bool>();
        if (!finite)
        {
            DynamicScale /= 2;
            StepsSinceScaleChange = 0;
            SkippedSteps++;
            return false;
        }
        if (++StepsSinceScaleChange >= DynamicGrowthSteps)
        {
            DynamicScale *= 2;
            StepsSinceScaleChange = 0;
        }
        return true;
    }

    /// <inheritdoc/>
    protected override void CreateState(IReadOnlyList<Tensor> parameters) => InnerOptimizer.CreateStateOf(parameters);

    /// <inheritdoc/>
    protected override void FreeState() => InnerOptimizer.FreeStateOf();

    /// <inheritdoc/>
    protected override void Step(IReadOnlyList<Tensor> parameters, long step, double learningRate) => InnerOptimizer.StepOf(parameters, step, learningRate);

    /// <inheritdoc/>
    protected override bool DecouplesWeightDecayItself => InnerOptimizer.DecouplesWeightDecayOf;

    /// <inheritdoc/>
    public override IEnumerable<Tensor> StateTensors() => InnerOptimizer.StateTensors();

    /// <inheritdoc/>
    protected override IReadOnlyDictionary<string, double> GetExtraState()
    {
        var state = InnerOptimizer.ExtraStateOf().ToDictionary(p => "inner/" + p.Key, p => p.Value, StringComparer.Ordinal);
        state["dynamic_scale"] = DynamicScale;
        state["step_counter"] = StepsSinceScaleChange;
        return state;
    }

    /// <inheritdoc/>
    protected override void SetExtraState(IReadOnlyDictionary<string, double> values)
    {
        DynamicScale = values["dynamic_scale"];
        StepsSinceScaleChange = (long)values["step_counter"];
        InnerOptimizer.SetExtraStateOf(values.Where(p => p.Key.StartsWith("inner/", StringComparison.Ordinal))
            .ToDictionary(p => p.Key["inner/".Length..], p => p.Value, StringComparer.Ordinal));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["name"] = Name,
        ["inner_optimizer"] = KerasRegistry.Serialize(InnerOptimizer),
        ["initial_scale"] = InitialScale,
        ["dynamic_growth_steps"] = DynamicGrowthSteps,
    };

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"<LossScaleOptimizer inner={InnerOptimizer.GetType().Name}, scale={DynamicScale}>");
}
