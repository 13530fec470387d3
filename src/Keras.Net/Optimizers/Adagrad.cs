namespace KerasNet.Optimizers;

/// <summary>Adagrad. Keras defaults: learning rate 0.001, initial accumulator 0.1, epsilon 1e-7.</summary>
public sealed class Adagrad : Optimizer
{
    private Tensor[]? sums;

    /// <summary>Creates the optimizer.</summary>
    public Adagrad(double learningRate = 0.001, double initialAccumulatorValue = 0.1, double epsilon = 1e-7, LearningRateSchedule? schedule = null,
                   double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, bool useEma = false,
                   double emaMomentum = 0.99, int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "adagrad")
        : base(learningRate, schedule, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps, name)
    {
        InitialAccumulatorValue = OptimizerArguments.NonNegative(GetType().Name, initialAccumulatorValue, nameof(initialAccumulatorValue));
        Epsilon = OptimizerArguments.Positive(GetType().Name, epsilon, nameof(epsilon));
    }

    /// <summary>The accumulators' starting value.</summary>
    public double InitialAccumulatorValue { get; }
    /// <summary>Numerical stability term.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override void CreateState(IReadOnlyList<Tensor> parameters) => sums = AddSlot(parameters, InitialAccumulatorValue);

    /// <inheritdoc/>
    protected override void Step(IReadOnlyList<Tensor> parameters, long step, double learningRate) =>
        FusedOptimizers.adagrad_step(parameters, sums!, step, learningRate, 0, 0, Epsilon);

    /// <summary>
    /// One variable's update from its gradient <c>g</c> and accumulated squares (Keras's <c>update_step</c>):
    /// <c>sum += g²</c>, <c>w -= lr·g / (√sum + ε)</c>. This is torch.optim.Adagrad's placement of ε; Keras divides
    /// by <c>√(sum + ε)</c>, a denominator that differs from this one by less than ε while sum exceeds 1/16 (Keras's
    /// initial value is 0.1).
    /// </summary>
    internal static void UpdateStep(Tensor variable, Tensor gradient, Tensor sum, double learningRate, double epsilon)
    {
        sum.addcmul_(gradient, gradient, 1);
        var std = sum.sqrt().add_(epsilon);
        variable.addcdiv_(gradient, std, -learningRate);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        ConfigWith(("initial_accumulator_value", InitialAccumulatorValue), ("epsilon", Epsilon));
}
