namespace KerasNet.Optimizers;

/// <summary>
/// Stochastic gradient descent with optional (Nesterov) momentum. Keras defaults: learning rate 0.01, momentum 0.
/// The momentum buffer follows torch.optim.SGD (<c>buf = m·buf + g; w -= lr·buf</c>), which equals Keras's
/// velocity form while the learning rate is constant.
/// </summary>
public sealed class SGD : Optimizer
{
    private Tensor[]? buffers;

    /// <summary>Creates the optimizer.</summary>
    public SGD(double learningRate = 0.01, double momentum = 0.0, bool nesterov = false, LearningRateSchedule? schedule = null,
               double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null,
               bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "SGD")
        : base(learningRate, schedule, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps, name)
    {
        Momentum = OptimizerArguments.Fraction(GetType().Name, momentum, nameof(momentum), oneIncluded: true);
        if (nesterov && momentum == 0) throw new ArgumentException($"SGD: nesterov needs momentum > 0; received momentum {momentum}.", nameof(nesterov));
        Nesterov = nesterov;
    }

    /// <summary>The momentum.</summary>
    public double Momentum { get; }
    /// <summary>Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    protected override void CreateState(IReadOnlyList<Tensor> parameters) => buffers = Momentum > 0 ? AddSlot(parameters) : null;

    /// <inheritdoc/>
    protected override void Step(IReadOnlyList<Tensor> parameters, long step, double learningRate) =>
        FusedOptimizers.sgd_step(parameters, buffers, step, learningRate, Momentum, 0, 0, Nesterov);

    /// <summary>
    /// One variable's update from its gradient <c>g</c> and momentum buffer (Keras's <c>update_step</c>). Without
    /// momentum, <c>w -= lr·g</c>. With momentum the buffer starts as the first gradient and then follows
    /// <c>buf = momentum·buf + (1 - dampening)·g</c>; the step is <c>w -= lr·buf</c>, or with Nesterov
    /// <c>w -= lr·(g + momentum·buf)</c>. Keras's optimizers pass no dampening (torch.optim's option).
    /// </summary>
    internal static void UpdateStep(Tensor variable, Tensor gradient, Tensor? buffer, long step, double learningRate,
                                    double momentum, bool nesterov, double dampening = 0)
    {
        var direction = gradient;
        if (momentum != 0)
        {
            if (step <= 1) buffer!.copy_(gradient);
            else buffer!.mul_(momentum).add_(gradient, 1 - dampening);
            direction = nesterov ? gradient.add(buffer, momentum) : buffer;
        }
        variable.add_(direction, -learningRate);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => ConfigWith(("momentum", Momentum), ("nesterov", Nesterov));
}
