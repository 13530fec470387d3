namespace KerasNet.Optimizers;

/// <summary>Nadam (Adam with Nesterov momentum and a momentum schedule). Keras defaults: 0.001, 0.9, 0.999, 1e-7.</summary>
public sealed class Nadam : Optimizer
{
    private Tensor[]? m, v;
    private double muProduct = 1.0;

    /// <summary>Creates the optimizer.</summary>
    public Nadam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, LearningRateSchedule? schedule = null,
                 double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, bool useEma = false,
                 double emaMomentum = 0.99, int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "nadam")
        : base(learningRate, schedule, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps, name) =>
        (Beta1, Beta2, Epsilon) = Adam.AdamArguments(GetType().Name, beta1, beta2, epsilon);

    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; }
    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; }
    /// <summary>Numerical stability term.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override void CreateState(IReadOnlyList<Tensor> parameters)
    {
        (m, v) = (AddSlot(parameters), AddSlot(parameters));
        muProduct = 1.0;
    }

    /// <inheritdoc/>
    protected override void Step(IReadOnlyList<Tensor> parameters, long step, double learningRate) =>
        // Keras's momentum schedule is u_t = beta1 (1 - 0.5 * 0.96^t): torch's formula with momentum_decay 1
        // (torch.optim.NAdam's default 0.004 gives a different schedule).
        muProduct = FusedOptimizers.nadam_step(parameters, m!, v!, step, muProduct, learningRate, Beta1, Beta2, Epsilon, momentum_decay: 1.0);

    /// <summary>
    /// One variable's update from its gradient <c>g</c> and moments (Keras's <c>update_step</c>), given the step's
    /// momentum schedule: <c>mu</c> = u_t, <c>muNext</c> = u_(t+1), and their running products up to t and t+1.
    /// <c>m = β1·m + (1 - β1)·g</c>, <c>v = β2·v + (1 - β2)·g²</c>; with <c>d = √(v/(1 - β2^t)) + ε</c>,
    /// <c>w -= lr·(1 - u_t)/(1 - Πu_t) · g/d + lr·u_(t+1)/(1 - Πu_(t+1)) · m/d</c>.
    /// </summary>
    internal static void UpdateStep(Tensor variable, Tensor gradient, Tensor m, Tensor v, long step, double learningRate, double beta1, double beta2,
                                    double epsilon, (double Mu, double MuNext, double Product, double ProductNext) schedule)
    {
        m.mul_(beta1).add_(gradient, 1 - beta1);
        v.mul_(beta2).addcmul_(gradient, gradient, 1 - beta2);
        var denominator = v.div(1 - Math.Pow(beta2, step)).sqrt().add_(epsilon);
        variable.addcdiv_(gradient, denominator, -learningRate * (1 - schedule.Mu) / (1 - schedule.Product));
        variable.addcdiv_(m, denominator, -learningRate * schedule.MuNext / (1 - schedule.ProductNext));
    }

    /// <inheritdoc/>
    protected override IReadOnlyDictionary<string, double> GetExtraState() => new Dictionary<string, double> { ["mu_product"] = muProduct };
    /// <inheritdoc/>
    protected override void SetExtraState(IReadOnlyDictionary<string, double> values) => muProduct = values["mu_product"];

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => ConfigWith(("beta1", Beta1), ("beta2", Beta2), ("epsilon", Epsilon));
}
