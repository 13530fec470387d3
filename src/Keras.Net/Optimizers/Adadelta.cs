namespace KerasNet.Optimizers;

/// <summary>Adadelta. Keras defaults: learning rate 0.001, rho 0.95, epsilon 1e-7.</summary>
public sealed class Adadelta : Optimizer
{
    private Tensor[]? squares, deltas;

    /// <summary>Creates the optimizer.</summary>
    public Adadelta(double learningRate = 0.001, double rho = 0.95, double epsilon = 1e-7, LearningRateSchedule? schedule = null,
                    double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, bool useEma = false,
                    double emaMomentum = 0.99, int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "adadelta")
        : base(learningRate, schedule, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps, name)
    {
        Rho = OptimizerArguments.Fraction(GetType().Name, rho, nameof(rho));
        Epsilon = OptimizerArguments.Positive(GetType().Name, epsilon, nameof(epsilon));
    }

    /// <summary>Decay of the averages.</summary>
    public double Rho { get; }
    /// <summary>Numerical stability term.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override void CreateState(IReadOnlyList<Tensor> parameters) => (squares, deltas) = (AddSlot(parameters), AddSlot(parameters));

    /// <inheritdoc/>
    protected override void Step(IReadOnlyList<Tensor> parameters, long step, double learningRate) =>
        FusedOptimizers.adadelta_step(parameters, squares!, deltas!, learningRate, Rho, Epsilon);

    /// <summary>
    /// One variable's update from its gradient <c>g</c>, the average of squared gradients <c>E[g²]</c> and of squared
    /// steps <c>E[Δ²]</c> (Keras's <c>update_step</c>): <c>E[g²] = ρ·E[g²] + (1 - ρ)·g²</c>,
    /// <c>Δ = √(E[Δ²] + ε) / √(E[g²] + ε) · g</c>, <c>E[Δ²] = ρ·E[Δ²] + (1 - ρ)·Δ²</c>, <c>w -= lr·Δ</c>.
    /// </summary>
    internal static void UpdateStep(Tensor variable, Tensor gradient, Tensor squareAverage, Tensor deltaAverage, double learningRate,
                                    double rho, double epsilon)
    {
        squareAverage.mul_(rho).addcmul_(gradient, gradient, 1 - rho);
        var std = squareAverage.add(epsilon).sqrt_();
        var delta = deltaAverage.add(epsilon).sqrt_().div_(std).mul_(gradient);
        deltaAverage.mul_(rho).addcmul_(delta, delta, 1 - rho);
        variable.add_(delta, -learningRate);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => ConfigWith(("rho", Rho), ("epsilon", Epsilon));
}
