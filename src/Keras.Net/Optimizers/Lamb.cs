namespace KerasNet.Optimizers;

/// <summary>
/// LAMB: Adam's direction rescaled per variable by the trust ratio ‖w‖ / ‖update‖ (layer-wise adaptive moments, for
/// large batches). Keras defaults: learning rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7.
/// </summary>
public sealed class Lamb : Optimizer
{
    private Tensor[]? m, v;

    /// <summary>Creates the optimizer.</summary>
    public Lamb(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, LearningRateSchedule? schedule = null,
                double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, bool useEma = false,
                double emaMomentum = 0.99, int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "lamb")
        : base(learningRate, schedule, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps, name) =>
        (Beta1, Beta2, Epsilon) = Adam.AdamArguments(GetType().Name, beta1, beta2, epsilon);

    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; }
    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; }
    /// <summary>Numerical stability term, added to the bias-corrected √v.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override void CreateState(IReadOnlyList<Tensor> parameters) => (m, v) = (AddSlot(parameters), AddSlot(parameters));

    /// <inheritdoc/>
    protected override void Step(IReadOnlyList<Tensor> parameters, long step, double learningRate) =>
        FusedOptimizers.ForEachWithGrad(parameters, l2Penalty: 0, (i, p, g) => UpdateStep(p, g, m![i], v![i], step, learningRate, Beta1, Beta2, Epsilon));

    /// <summary>
    /// One variable's update (Keras's <c>update_step</c>; decoupled weight decay is applied before it): Adam's moments,
    /// <c>u = (m / (1 - β1^t)) / (√(v / (1 - β2^t)) + ε)</c>, then <c>w -= r·lr·u</c> with the trust ratio
    /// <c>r = ‖w‖ / ‖u‖</c>, or 1 when either norm is 0.
    /// </summary>
    internal static void UpdateStep(Tensor variable, Tensor gradient, Tensor m, Tensor v, long step, double learningRate,
                                    double beta1, double beta2, double epsilon)
    {
        using var scope = torch.NewDisposeScope();
        m.mul_(beta1).add_(gradient, 1 - beta1);
        v.mul_(beta2).addcmul_(gradient, gradient, 1 - beta2);
        var update = m.div(1 - Math.Pow(beta1, step)).div_(v.div(1 - Math.Pow(beta2, step)).sqrt_().add_(epsilon));
        var weightNorm = variable.norm();
        var updateNorm = update.norm();
        var ratio = torch.where(weightNorm.gt(0) & updateNorm.gt(0), weightNorm / updateNorm, torch.ones_like(weightNorm));
        variable.sub_(update.mul_(ratio).mul_(learningRate));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => ConfigWith(("beta1", Beta1), ("beta2", Beta2), ("epsilon", Epsilon));
}
