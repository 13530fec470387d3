namespace KerasNet.Optimizers;

/// <summary>Lion (sign momentum). Keras defaults: learning rate 0.001, beta1 0.9, beta2 0.99.</summary>
public sealed class Lion : Optimizer
{
    private Tensor[]? m;

    /// <summary>Creates the optimizer.</summary>
    public Lion(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.99, LearningRateSchedule? schedule = null, double? weightDecay = null,
                double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, bool useEma = false, double emaMomentum = 0.99,
                int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "lion")
        : base(learningRate, schedule, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps, name)
    {
        Beta1 = OptimizerArguments.Fraction(GetType().Name, beta1, nameof(beta1));
        Beta2 = OptimizerArguments.Fraction(GetType().Name, beta2, nameof(beta2));
    }

    /// <summary>Interpolation factor of the update direction.</summary>
    public double Beta1 { get; }
    /// <summary>Decay of the momentum.</summary>
    public double Beta2 { get; }

    /// <inheritdoc/>
    protected override void CreateState(IReadOnlyList<Tensor> parameters) => m = AddSlot(parameters);

    /// <inheritdoc/>
    protected override void Step(IReadOnlyList<Tensor> parameters, long step, double learningRate) =>
        FusedOptimizers.lion_step(parameters, m!, learningRate, Beta1, Beta2);

    /// <summary>
    /// One variable's update from its gradient <c>g</c> and momentum <c>m</c> (Keras's <c>update_step</c>; decoupled
    /// weight decay is applied before it): <c>w -= lr·sign(β1·m + (1 - β1)·g)</c>, then <c>m = β2·m + (1 - β2)·g</c>.
    /// </summary>
    internal static void UpdateStep(Tensor variable, Tensor gradient, Tensor m, double learningRate, double beta1, double beta2)
    {
        var update = m.mul(beta1).add_(gradient, 1 - beta1).sign_();
        variable.add_(update, -learningRate);
        m.mul_(beta2).add_(gradient, 1 - beta2);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => ConfigWith(("beta1", Beta1), ("beta2", Beta2));
}
