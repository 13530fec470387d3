namespace KerasNet.Optimizers;

/// <summary>Adamax (infinity-norm Adam). Keras defaults: 0.001, 0.9, 0.999, 1e-7.</summary>
public sealed class Adamax : Optimizer
{
    private Tensor[]? m, u;

    /// <summary>Creates the optimizer.</summary>
    public Adamax(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, LearningRateSchedule? schedule = null,
                  double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, bool useEma = false,
                  double emaMomentum = 0.99, int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "adamax")
        : base(learningRate, schedule, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps, name) =>
        (Beta1, Beta2, Epsilon) = Adam.AdamArguments(GetType().Name, beta1, beta2, epsilon);

    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; }
    /// <summary>Decay of the infinity norm.</summary>
    public double Beta2 { get; }
    /// <summary>Numerical stability term.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override void CreateState(IReadOnlyList<Tensor> parameters) => (m, u) = (AddSlot(parameters), AddSlot(parameters));

    /// <inheritdoc/>
    protected override void Step(IReadOnlyList<Tensor> parameters, long step, double learningRate) =>
        FusedOptimizers.adamax_step(parameters, m!, u!, step, learningRate, Beta1, Beta2, Epsilon);

    /// <summary>
    /// One variable's update from its gradient <c>g</c>, first moment <c>m</c> and infinity norm <c>u</c> (Keras's
    /// <c>update_step</c>): <c>m = β1·m + (1 - β1)·g</c>, <c>u = max(β2·u, |g| + ε)</c>, then
    /// <c>w -= lr/(1 - β1^t) · m / u</c>. This is torch.optim.Adamax's placement of ε; Keras keeps <c>u</c> free of
    /// it and divides by <c>u + ε</c>, a denominator that differs from this one by at most ε.
    /// </summary>
    internal static void UpdateStep(Tensor variable, Tensor gradient, Tensor m, Tensor u, long step, double learningRate,
                                    double beta1, double beta2, double epsilon)
    {
        m.mul_(beta1).add_(gradient, 1 - beta1);
        u.copy_(torch.maximum(u.mul_(beta2), gradient.abs().add_(epsilon)));
        variable.addcdiv_(m, u, -(learningRate / (1 - Math.Pow(beta1, step))));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => ConfigWith(("beta1", Beta1), ("beta2", Beta2), ("epsilon", Epsilon));
}
