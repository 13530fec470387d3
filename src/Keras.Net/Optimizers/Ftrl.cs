namespace KerasNet.Optimizers;

/// <summary>
/// FTRL-Proximal ("follow the regularized leader", McMahan et al. 2013) with L1, L2 and L2-shrinkage regularization,
/// suited to wide, sparse models. Keras defaults: learning rate 0.001, learning-rate power -0.5, initial accumulator
/// 0.1, no regularization, beta 0.
/// </summary>
public sealed class Ftrl : Optimizer
{
    private Tensor[]? accumulators, linears;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The learning rate.</param>
    /// <param name="learningRatePower">How the per-coordinate rate falls with the accumulated squared gradients (≤ 0; -0.5 is 1/√n).</param>
    /// <param name="initialAccumulatorValue">The starting value of the accumulators (≥ 0).</param>
    /// <param name="l1RegularizationStrength">L1 strength (≥ 0): coordinates whose linear term stays within it are set to exactly 0.</param>
    /// <param name="l2RegularizationStrength">L2 strength (≥ 0) in the proximal step.</param>
    /// <param name="l2ShrinkageRegularizationStrength">L2 penalty added to the gradient (≥ 0), a magnitude penalty unlike the stabilizing L2.</param>
    /// <param name="beta">Added to the L2 strength as <c>beta / (2·lr)</c> (Keras's beta).</param>
    /// <param name="schedule">A learning-rate schedule instead of a fixed rate.</param>
    /// <param name="weightDecay">Decoupled weight decay.</param>
    /// <param name="clipnorm">Clip each gradient's norm.</param>
    /// <param name="clipvalue">Clip gradient values.</param>
    /// <param name="globalClipnorm">Clip the norm of all gradients together.</param>
    /// <param name="useEma">Keep a moving average of the weights.</param>
    /// <param name="emaMomentum">The moving average's momentum.</param>
    /// <param name="emaOverwriteFrequency">Copy the average into the weights every this many steps.</param>
    /// <param name="gradientAccumulationSteps">Update every this many steps on the mean gradient.</param>
    /// <param name="name">The optimizer's name.</param>
    public Ftrl(double learningRate = 0.001, double learningRatePower = -0.5, double initialAccumulatorValue = 0.1, double l1RegularizationStrength = 0,
                double l2RegularizationStrength = 0, double l2ShrinkageRegularizationStrength = 0, double beta = 0, LearningRateSchedule? schedule = null,
                double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, bool useEma = false,
                double emaMomentum = 0.99, int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "ftrl")
        : base(learningRate, schedule, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps, name)
    {
        var owner = GetType().Name;
        LearningRatePower = learningRatePower <= 0 && double.IsFinite(learningRatePower) ? learningRatePower
            : throw new ArgumentOutOfRangeException(nameof(learningRatePower), learningRatePower,
                  $"{owner}: learningRatePower must be a finite number <= 0; received {learningRatePower.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        InitialAccumulatorValue = OptimizerArguments.NonNegative(owner, initialAccumulatorValue, nameof(initialAccumulatorValue));
        L1RegularizationStrength = OptimizerArguments.NonNegative(owner, l1RegularizationStrength, nameof(l1RegularizationStrength));
        L2RegularizationStrength = OptimizerArguments.NonNegative(owner, l2RegularizationStrength, nameof(l2RegularizationStrength));
        L2ShrinkageRegularizationStrength = OptimizerArguments.NonNegative(owner, l2ShrinkageRegularizationStrength, nameof(l2ShrinkageRegularizationStrength));
        Beta = OptimizerArguments.NonNegative(owner, beta, nameof(beta));
    }

    /// <summary>The power of the accumulated squared gradients in the per-coordinate rate.</summary>
    public double LearningRatePower { get; }
    /// <summary>The accumulators' starting value.</summary>
    public double InitialAccumulatorValue { get; }
    /// <summary>L1 regularization strength.</summary>
    public double L1RegularizationStrength { get; }
    /// <summary>L2 regularization strength.</summary>
    public double L2RegularizationStrength { get; }
    /// <summary>L2 shrinkage strength (added to the gradient).</summary>
    public double L2ShrinkageRegularizationStrength { get; }
    /// <summary>Keras's beta.</summary>
    public double Beta { get; }

    /// <inheritdoc/>
    protected override void CreateState(IReadOnlyList<Tensor> parameters) =>
        (accumulators, linears) = (AddSlot(parameters, InitialAccumulatorValue), AddSlot(parameters));

    /// <inheritdoc/>
    protected override void Step(IReadOnlyList<Tensor> parameters, long step, double learningRate) =>
        FusedOptimizers.ForEachWithGrad(parameters, l2Penalty: 0, (i, p, g) => UpdateStep(p, g, accumulators![i], linears![i], learningRate, this));

    /// <summary>
    /// One variable's update (Keras's <c>update_step</c>): with <c>n' = n + g²</c> and power <c>p = -learningRatePower</c>,
    /// <c>z += g + 2·λ₂ₛ·w - (n'^p - n^p)/lr · w</c>, then <c>w = (clip(z, -λ₁, λ₁) - z) / (n'^p/lr + 2·(λ₂ + β/(2·lr)))</c>
    /// and <c>n = n'</c>.
    /// </summary>
    internal static void UpdateStep(Tensor variable, Tensor gradient, Tensor accumulator, Tensor linear, double learningRate, Ftrl settings)
    {
        using var scope = torch.NewDisposeScope();
        var power = -settings.LearningRatePower;
        var l2 = settings.L2RegularizationStrength + settings.Beta / (2 * learningRate);
        var newAccumulator = accumulator.addcmul(gradient, gradient, 1);
        var sigma = newAccumulator.pow(power).sub_(accumulator.pow(power)).div_(learningRate);
        linear.add_(gradient.add(variable, 2 * settings.L2ShrinkageRegularizationStrength).sub_(sigma.mul_(variable)));
        var quadratic = newAccumulator.pow(power).div_(learningRate).add_(2 * l2);
        var l1 = settings.L1RegularizationStrength;
        variable.copy_(linear.clamp(-l1, l1).sub_(linear).div_(quadratic));
        accumulator.copy_(newAccumulator);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => ConfigWith(
        ("learning_rate_power", LearningRatePower), ("initial_accumulator_value", InitialAccumulatorValue),
        ("l1_regularization_strength", L1RegularizationStrength), ("l2_regularization_strength", L2RegularizationStrength),
        ("l2_shrinkage_regularization_strength", L2ShrinkageRegularizationStrength), ("beta", Beta));
}
