namespace KerasNet.Optimizers;

/// <summary>
/// Adafactor (Shazeer and Stern, 2018): Adam-like steps whose second moment of a matrix is kept as a row and a column
/// average (memory that grows with rows + columns, not rows · columns), with steps relative to the weights' RMS and
/// clipped update RMS. Keras defaults: learning rate 0.001, beta2 decay -0.8, epsilon1 1e-30, epsilon2 1e-3, clip
/// threshold 1, relative step on.
/// </summary>
public sealed class Adafactor : Optimizer
{
    private Tensor[]? velocities;
    private Tensor?[]? rows, columns;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The learning rate; the step size is min(learningRate, 1/√t) times the weights' RMS (at least epsilon2).</param>
    /// <param name="beta2Decay">The second moment's decay at step t is 1 - t^beta2Decay (negative).</param>
    /// <param name="epsilon1">Added to squared gradients.</param>
    /// <param name="epsilon2">The smallest weight RMS the step size is scaled by.</param>
    /// <param name="clipThreshold">Updates whose RMS exceeds it are scaled down to it.</param>
    /// <param name="relativeStep">Keras's relative_step: cap a fixed learning rate at 1/√t (the step size is capped that way in any case).</param>
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
    public Adafactor(double learningRate = 0.001, double beta2Decay = -0.8, double epsilon1 = 1e-30, double epsilon2 = 1e-3, double clipThreshold = 1.0,
                     bool relativeStep = true, LearningRateSchedule? schedule = null, double? weightDecay = null, double? clipnorm = null,
                     double? clipvalue = null, double? globalClipnorm = null, bool useEma = false, double emaMomentum = 0.99,
                     int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "adafactor")
        : base(learningRate, schedule, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps, name)
    {
        var owner = GetType().Name;
        Beta2Decay = beta2Decay < 0 && double.IsFinite(beta2Decay) ? beta2Decay
            : throw new ArgumentOutOfRangeException(nameof(beta2Decay), beta2Decay,
                  $"{owner}: beta2Decay must be a negative number; received {beta2Decay.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        Epsilon1 = OptimizerArguments.Positive(owner, epsilon1, nameof(epsilon1));
        Epsilon2 = OptimizerArguments.Positive(owner, epsilon2, nameof(epsilon2));
        ClipThreshold = OptimizerArguments.Positive(owner, clipThreshold, nameof(clipThreshold));
        RelativeStep = relativeStep;
    }

    /// <summary>The exponent of the second moment's decay schedule.</summary>
    public double Beta2Decay { get; }
    /// <summary>Added to squared gradients.</summary>
    public double Epsilon1 { get; }
    /// <summary>The smallest weight RMS the step size is scaled by.</summary>
    public double Epsilon2 { get; }
    /// <summary>The largest RMS of an update.</summary>
    public double ClipThreshold { get; }
    /// <summary>Keras's relative_step.</summary>
    public bool RelativeStep { get; }

    /// <inheritdoc/>
    protected override void CreateState(IReadOnlyList<Tensor> parameters)
    {
        velocities = AddSlot(parameters);
        using var noGrad = torch.no_grad();
        // Matrices (and the last two axes of higher ranks) keep a row and a column average instead of a full second moment.
        Tensor? Factor(Tensor p, int dropped) => p.dim() < 2 ? null : torch.zeros(Without(p.shape, dropped), p.dtype, p.device).DetachFromDisposeScope();
        rows = parameters.Select(p => Factor(p, dropped: -1)).ToArray();
        columns = parameters.Select(p => Factor(p, dropped: -2)).ToArray();
    }

    private static long[] Without(long[] shape, int axis)
    {
        var list = shape.ToList();
        list.RemoveAt(shape.Length + axis);
        return list.ToArray();
    }

    /// <inheritdoc/>
    protected override void FreeState()
    {
        base.FreeState();
        foreach (var t in (rows ?? Array.Empty<Tensor?>()).Concat(columns ?? Array.Empty<Tensor?>())) t?.Dispose();
        (rows, columns) = (null, null);
    }

    /// <inheritdoc/>
    public override IEnumerable<Tensor> StateTensors() =>
        base.StateTensors().Concat((rows ?? Array.Empty<Tensor?>()).Concat(columns ?? Array.Empty<Tensor?>()).OfType<Tensor>());

    /// <inheritdoc/>
    protected override void Step(IReadOnlyList<Tensor> parameters, long step, double learningRate)
    {
        var lr = RelativeStep && Schedule is null ? Math.Min(learningRate, 1 / Math.Sqrt(step)) : learningRate;
        FusedOptimizers.ForEachWithGrad(parameters, l2Penalty: 0, (i, p, g) => UpdateStep(p, g, velocities![i], rows![i], columns![i], step, lr, this));
    }

    /// <summary>
    /// One variable's update (Keras's <c>update_step</c>): with <c>ρ = min(lr, 1/√t)</c>, <c>α = max(ε2, rms(w))·ρ</c>,
    /// <c>β = 1 - t^beta2Decay</c> and <c>s = g² + ε1</c>: a matrix updates its row average <c>R = β·R + (1-β)·mean(s, -1)</c>
    /// and column average <c>C = β·C + (1-β)·mean(s, -2)</c> and sets <c>v = (R / mean(R)) ⊗ C</c>; a vector keeps
    /// <c>v = β·v + (1-β)·s</c>. Then <c>u = g/√v</c>, <c>w -= α · u / max(1, rms(u)/clipThreshold)</c>.
    /// </summary>
    internal static void UpdateStep(Tensor variable, Tensor gradient, Tensor v, Tensor? row, Tensor? column, long step, double learningRate, Adafactor settings)
    {
        using var scope = torch.NewDisposeScope();
        var rho = Math.Min(learningRate, 1 / Math.Sqrt(step));
        var alpha = torch.clamp_min(Rms(variable), settings.Epsilon2).mul_(rho);
        var squares = gradient.square().add_(settings.Epsilon1);
        var beta = 1 - Math.Pow(step, settings.Beta2Decay);
        if (row is not null && column is not null)
        {
            row.mul_(beta).add_(squares.mean(new long[] { -1 }), 1 - beta);
            column.mul_(beta).add_(squares.mean(new long[] { -2 }), 1 - beta);
            v.copy_(row.div(row.mean(new long[] { -1 }, keepdim: true)).unsqueeze(-1).mul(column.unsqueeze(-2)));
        }
        else v.mul_(beta).add_(squares, 1 - beta);
        var update = gradient.div(v.sqrt());
        var clipped = update.div_(torch.clamp_min(Rms(update).div(settings.ClipThreshold), 1.0));
        variable.sub_(clipped.mul_(alpha));
    }

    private static Tensor Rms(Tensor x) => x.square().mean().sqrt_();

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => ConfigWith(
        ("beta2_decay", Beta2Decay), ("epsilon1", Epsilon1), ("epsilon2", Epsilon2), ("clip_threshold", ClipThreshold), ("relative_step", RelativeStep));
}
