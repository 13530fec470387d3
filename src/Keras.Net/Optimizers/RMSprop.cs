namespace KerasNet.Optimizers;

/// <summary>RMSprop. Keras defaults: learning rate 0.001, rho 0.9, momentum 0, epsilon 1e-7, not centered.</summary>
public sealed class RMSprop : Optimizer
{
    private Tensor[]? squares, averages, buffers;

    /// <summary>Creates the optimizer.</summary>
    public RMSprop(double learningRate = 0.001, double rho = 0.9, double momentum = 0.0, double epsilon = 1e-7, bool centered = false,
                   LearningRateSchedule? schedule = null, double? weightDecay = null, double? clipnorm = null, double? clipvalue = null,
                   double? globalClipnorm = null, bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null,
                   int? gradientAccumulationSteps = null, string name = "rmsprop")
        : base(learningRate, schedule, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps, name)
    {
        Rho = OptimizerArguments.Fraction(GetType().Name, rho, nameof(rho));
        Momentum = OptimizerArguments.Fraction(GetType().Name, momentum, nameof(momentum));
        Epsilon = OptimizerArguments.Positive(GetType().Name, epsilon, nameof(epsilon));
        Centered = centered;
    }

    /// <summary>Decay of the squared-gradient average.</summary>
    public double Rho { get; }
    /// <summary>Momentum.</summary>
    public double Momentum { get; }
    /// <summary>Numerical stability term.</summary>
    public double Epsilon { get; }
    /// <summary>Normalize by the variance rather than the second moment.</summary>
    public bool Centered { get; }

    /// <inheritdoc/>
    protected override void CreateState(IReadOnlyList<Tensor> parameters)
    {
        squares = AddSlot(parameters);
        averages = Centered ? AddSlot(parameters) : null;
        buffers = Momentum > 0 ? AddSlot(parameters) : null;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// torch.optim.RMSprop adds epsilon outside the root, which makes the steps of small gradients (|g| below about
    /// 1e-3 with epsilon 1e-7) several times larger than Keras's, so RMSprop has no fused path: every variable goes
    /// through <see cref="UpdateStep"/>, a few native calls each.
    /// </remarks>
    protected override void Step(IReadOnlyList<Tensor> parameters, long step, double learningRate) =>
        FusedOptimizers.ForEachWithGrad(parameters, l2Penalty: 0, (i, variable, gradient) =>
            UpdateStep(variable, gradient, squares![i], averages?[i], buffers?[i], learningRate, Rho, Momentum, Epsilon));

    /// <summary>
    /// One variable's update from its gradient <c>g</c> (Keras's <c>update_step</c>): <c>v = ρ·v + (1 - ρ)·g²</c>;
    /// the denominator is <c>√(v + ε)</c>, or centered <c>√(v - a² + ε)</c> with <c>a = ρ·a + (1 - ρ)·g</c>
    /// (<paramref name="average"/> non-null); <c>increment = lr·g / denominator</c>; with momentum
    /// (<paramref name="buffer"/> non-null) <c>buf = momentum·buf + increment</c> and <c>w -= buf</c>, else
    /// <c>w -= increment</c>.
    /// </summary>
    internal static void UpdateStep(Tensor variable, Tensor gradient, Tensor square, Tensor? average, Tensor? buffer, double learningRate,
                                    double rho, double momentum, double epsilon)
    {
        var v = square.mul_(rho).add_(gradient.square(), 1 - rho);
        Tensor denominator;
        if (average is not null)
        {
            var a = average.mul_(rho).add_(gradient, 1 - rho);
            denominator = (v - a.square() + epsilon).sqrt_();
        }
        else denominator = (v + epsilon).sqrt_();
        var increment = gradient * learningRate / denominator;
        if (buffer is not null) variable.sub_(buffer.mul_(momentum).add_(increment));
        else variable.sub_(increment);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        ConfigWith(("rho", Rho), ("momentum", Momentum), ("epsilon", Epsilon), ("centered", Centered));
}
