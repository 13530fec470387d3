namespace KerasNet.Optimizers;

/// <summary>
/// Adam. Keras defaults: learning rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7, with Keras's placement of epsilon
/// (added to sqrt(v) before bias correction).
/// </summary>
public class Adam : Optimizer
{
    private Tensor[]? m, v, vMax;

    /// <summary>Creates the optimizer.</summary>
    public Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false,
                LearningRateSchedule? schedule = null, double? weightDecay = null, double? clipnorm = null, double? clipvalue = null,
                double? globalClipnorm = null, bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null,
                int? gradientAccumulationSteps = null, string name = "adam")
        : base(learningRate, schedule, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps, name)
    {
        (Beta1, Beta2, Epsilon) = AdamArguments(GetType().Name, beta1, beta2, epsilon);
        Amsgrad = amsgrad;
    }

    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; }
    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; }
    /// <summary>Numerical stability term.</summary>
    public double Epsilon { get; }
    /// <summary>Use AMSGrad.</summary>
    public bool Amsgrad { get; }

    // The checks of the two moment decays and epsilon, which Adamax and Nadam share.
    internal static (double Beta1, double Beta2, double Epsilon) AdamArguments(string owner, double beta1, double beta2, double epsilon) =>
        (OptimizerArguments.Fraction(owner, beta1, nameof(beta1)), OptimizerArguments.Fraction(owner, beta2, nameof(beta2)),
         OptimizerArguments.Positive(owner, epsilon, nameof(epsilon)));

    /// <summary>Keras adds epsilon to sqrt(v); torch's formula adds it to sqrt(v / (1 - β2^t)); this converts.</summary>
    protected double TorchEpsilon(long step) => Epsilon / Math.Sqrt(1 - Math.Pow(Beta2, step));

    /// <inheritdoc/>
    protected override void CreateState(IReadOnlyList<Tensor> parameters)
    {
        m = AddSlot(parameters);
        v = AddSlot(parameters);
        vMax = Amsgrad ? AddSlot(parameters) : null;
    }

    /// <inheritdoc/>
    protected override bool DecouplesWeightDecayItself => true;

    /// <inheritdoc/>
    /// <remarks>
    /// Contiguous CPU variables go through libtorch's fused kernel (<see cref="FusedAdamKernel"/>), the others through
    /// <see cref="UpdateStep"/>; both compute the same rule (tested side by side).
    /// </remarks>
    protected override void Step(IReadOnlyList<Tensor> parameters, long step, double learningRate)
    {
        // Keras's weight decay is decoupled, which is exactly AdamW's update.
        if (WeightDecay is { } decay && decay > 0)
            FusedOptimizers.adamw_step(parameters, m!, v!, step, learningRate, Beta1, Beta2, TorchEpsilon(step), decay, Amsgrad, vMax);
        else
            FusedOptimizers.adam_step(parameters, m!, v!, step, learningRate, Beta1, Beta2, TorchEpsilon(step), 0, Amsgrad, vMax);
    }

    /// <summary>
    /// One variable's update from its gradient <c>g</c> and moments (Keras's <c>update_step</c>; weight decay is applied
    /// before it): <c>m = β1·m + (1 - β1)·g</c>, <c>v = β2·v + (1 - β2)·g²</c> (AMSGrad: <c>v̂ = max(v̂, v)</c>
    /// replaces v below), then Keras's <c>w -= lr·√(1 - β2^t)/(1 - β1^t) · m / (√v + ε)</c>. It is computed in
    /// torch.optim's arrangement, <c>w -= lr/(1 - β1^t) · m / (√v/√(1 - β2^t) + ε')</c>, which is the same number for
    /// <c>ε' = ε/√(1 - β2^t)</c> (<see cref="TorchEpsilon"/>) and rounds as PyTorch does.
    /// </summary>
    internal static void UpdateStep(Tensor variable, Tensor gradient, Tensor m, Tensor v, Tensor? vMax, long step, double learningRate,
                                    double beta1, double beta2, double torchEpsilon)
    {
        m.mul_(beta1).add_(gradient, 1 - beta1);
        v.mul_(beta2).addcmul_(gradient, gradient, 1 - beta2);
        var second = v;
        if (vMax is not null)
        {
            vMax.copy_(torch.maximum(vMax, v));
            second = vMax;
        }
        var denominator = (second.sqrt() / Math.Sqrt(1 - Math.Pow(beta2, step))).add_(torchEpsilon);
        variable.addcdiv_(m, denominator, -learningRate / (1 - Math.Pow(beta1, step)));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        ConfigWith(("beta1", Beta1), ("beta2", Beta2), ("epsilon", Epsilon), ("amsgrad", Amsgrad));
}
