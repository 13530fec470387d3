using System.Text.RegularExpressions;

namespace KerasNet.Optimizers;

/// <summary>
/// Muon (momentum orthogonalized by Newton–Schulz, Jordan et al. 2024) for matrices, with AdamW for every other
/// variable: 2-D weights take momentum steps whose direction is made nearly orthogonal by a quintic Newton–Schulz
/// iteration and whose size is matched to Adam's (Moonlight's <c>√max(n, m)·rmsRate</c> scale); vectors, convolution
/// kernels, embeddings and excluded layers take AdamW steps. Keras defaults: learning rate 0.001, weight decay 0.004
/// (Muon) and 0.004 (AdamW), momentum 0.95 with Nesterov, 5 iterations, rmsRate 0.2.
/// </summary>
public sealed class Muon : Optimizer
{
    private Tensor[]? momentums;
    private Tensor?[]? velocities;
    private bool[]? usesAdam;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The learning rate.</param>
    /// <param name="adamBeta1">AdamW's first-moment decay.</param>
    /// <param name="adamBeta2">AdamW's second-moment decay.</param>
    /// <param name="adamWeightDecay">AdamW's decoupled weight decay.</param>
    /// <param name="epsilon">AdamW's epsilon.</param>
    /// <param name="weightDecay">Muon's decoupled weight decay (for the matrices).</param>
    /// <param name="excludeLayers">Regular expressions: variables whose path matches one take AdamW steps.</param>
    /// <param name="excludeEmbeddings">Variables whose path contains "embedding" take AdamW steps.</param>
    /// <param name="muonA">Newton–Schulz coefficient a.</param>
    /// <param name="muonB">Newton–Schulz coefficient b.</param>
    /// <param name="muonC">Newton–Schulz coefficient c.</param>
    /// <param name="adamLrRatio">AdamW's learning rate as a multiple of Muon's.</param>
    /// <param name="momentum">Muon's momentum.</param>
    /// <param name="nsSteps">Newton–Schulz iterations.</param>
    /// <param name="nesterov">Nesterov momentum.</param>
    /// <param name="rmsRate">Scales an update by √max(rows, columns)·rmsRate; null leaves it unscaled.</param>
    /// <param name="schedule">A learning-rate schedule instead of a fixed rate.</param>
    /// <param name="clipnorm">Clip each gradient's norm.</param>
    /// <param name="clipvalue">Clip gradient values.</param>
    /// <param name="globalClipnorm">Clip the norm of all gradients together.</param>
    /// <param name="useEma">Keep a moving average of the weights.</param>
    /// <param name="emaMomentum">The moving average's momentum.</param>
    /// <param name="emaOverwriteFrequency">Copy the average into the weights every this many steps.</param>
    /// <param name="gradientAccumulationSteps">Update every this many steps on the mean gradient.</param>
    /// <param name="name">The optimizer's name.</param>
    public Muon(double learningRate = 0.001, double adamBeta1 = 0.9, double adamBeta2 = 0.999, double adamWeightDecay = 0.004, double epsilon = 1e-7,
                double? weightDecay = 0.004, string[]? excludeLayers = null, bool excludeEmbeddings = true, double muonA = 3.4445,
                double muonB = -4.7750, double muonC = 2.0315, double adamLrRatio = 1, double momentum = 0.95, int nsSteps = 5, bool nesterov = true,
                double? rmsRate = 0.2, LearningRateSchedule? schedule = null, double? clipnorm = null, double? clipvalue = null,
                double? globalClipnorm = null, bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null,
                int? gradientAccumulationSteps = null, string name = "muon")
        : base(learningRate, schedule, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps, name)
    {
        var owner = GetType().Name;
        (AdamBeta1, AdamBeta2) = (OptimizerArguments.Fraction(owner, adamBeta1, nameof(adamBeta1)), OptimizerArguments.Fraction(owner, adamBeta2, nameof(adamBeta2)));
        AdamWeightDecay = OptimizerArguments.NonNegative(owner, adamWeightDecay, nameof(adamWeightDecay));
        Epsilon = OptimizerArguments.Positive(owner, epsilon, nameof(epsilon));
        ExcludeLayers = (excludeLayers ?? Array.Empty<string>()).ToArray();
        foreach (var pattern in ExcludeLayers)
        {
            try { _ = new Regex(pattern); }
            catch (ArgumentException e) { throw new ArgumentException($"{owner}: excludeLayers holds '{pattern}', which is not a regular expression: {e.Message}", nameof(excludeLayers), e); }
        }
        ExcludeEmbeddings = excludeEmbeddings;
        (MuonA, MuonB, MuonC) = (muonA, muonB, muonC);
        AdamLrRatio = OptimizerArguments.Positive(owner, adamLrRatio, nameof(adamLrRatio));
        Momentum = OptimizerArguments.Fraction(owner, momentum, nameof(momentum));
        NsSteps = nsSteps >= 1 ? nsSteps : throw new ArgumentOutOfRangeException(nameof(nsSteps), nsSteps, $"{owner}: nsSteps must be at least 1; received {nsSteps}.");
        Nesterov = nesterov;
        RmsRate = rmsRate is { } rate ? OptimizerArguments.Positive(owner, rate, nameof(rmsRate)) : null;
    }

    /// <summary>AdamW's first-moment decay.</summary>
    public double AdamBeta1 { get; }
    /// <summary>AdamW's second-moment decay.</summary>
    public double AdamBeta2 { get; }
    /// <summary>AdamW's decoupled weight decay.</summary>
    public double AdamWeightDecay { get; }
    /// <summary>AdamW's epsilon.</summary>
    public double Epsilon { get; }
    /// <summary>Patterns of variable paths that take AdamW steps.</summary>
    public IReadOnlyList<string> ExcludeLayers { get; }
    /// <summary>Whether embeddings take AdamW steps.</summary>
    public bool ExcludeEmbeddings { get; }
    /// <summary>Newton–Schulz coefficient a.</summary>
    public double MuonA { get; }
    /// <summary>Newton–Schulz coefficient b.</summary>
    public double MuonB { get; }
    /// <summary>Newton–Schulz coefficient c.</summary>
    public double MuonC { get; }
    /// <summary>AdamW's learning rate as a multiple of Muon's.</summary>
    public double AdamLrRatio { get; }
    /// <summary>Muon's momentum.</summary>
    public double Momentum { get; }
    /// <summary>Newton–Schulz iterations.</summary>
    public int NsSteps { get; }
    /// <summary>Nesterov momentum.</summary>
    public bool Nesterov { get; }
    /// <summary>The update scale factor (null: none).</summary>
    public double? RmsRate { get; }

    /// <summary>Whether the variable at <paramref name="path"/> with <paramref name="rank"/> axes takes AdamW steps.</summary>
    internal bool UsesAdam(string path, long rank) =>
        rank != 2 || ExcludeEmbeddings && path.Contains("embedding", StringComparison.OrdinalIgnoreCase)
        || ExcludeLayers.Any(pattern => Regex.IsMatch(path, pattern));

    /// <inheritdoc/>
    protected override void CreateState(IReadOnlyList<Tensor> parameters)
    {
        usesAdam = parameters.Select((p, i) => UsesAdam(i < Variables.Count ? Variables[i].Path : "", p.dim())).ToArray();
        momentums = AddSlot(parameters);
        using var noGrad = torch.no_grad();
        velocities = parameters.Select((p, i) => usesAdam[i] ? torch.zeros_like(p).DetachFromDisposeScope() : null).ToArray();
    }

    /// <inheritdoc/>
    protected override void FreeState()
    {
        base.FreeState();
        foreach (var v in velocities ?? Array.Empty<Tensor?>()) v?.Dispose();
        velocities = null;
    }

    /// <inheritdoc/>
    public override IEnumerable<Tensor> StateTensors() => base.StateTensors().Concat((velocities ?? Array.Empty<Tensor?>()).OfType<Tensor>());

    /// <inheritdoc/>
    protected override bool DecouplesWeightDecayItself => true;

    /// <inheritdoc/>
    protected override void Step(IReadOnlyList<Tensor> parameters, long step, double learningRate) =>
        FusedOptimizers.ForEachWithGrad(parameters, l2Penalty: 0, (i, p, g) =>
        {
            // As Keras: each kind of variable decays by its own weight decay, before its update.
            var decay = usesAdam![i] ? AdamWeightDecay : WeightDecay ?? 0;
            if (decay > 0) p.mul_(1 - learningRate * decay);
            if (usesAdam[i]) AdamWStep(p, g, momentums![i], velocities![i]!, step, learningRate * AdamLrRatio, this);
            else MuonStep(p, g, momentums![i], learningRate, this);
        });

    /// <summary>Muon's step: <c>m = μ·m + g</c>, direction <c>g + μ·m</c> (Nesterov) or <c>m</c>, orthogonalized, scaled, <c>w -= lr·update</c>.</summary>
    internal static void MuonStep(Tensor variable, Tensor gradient, Tensor m, double learningRate, Muon settings)
    {
        using var scope = torch.NewDisposeScope();
        m.mul_(settings.Momentum).add_(gradient);
        var direction = settings.Nesterov ? gradient.add(m, settings.Momentum) : m;
        var update = Orthogonalize(direction, settings);
        if (settings.RmsRate is { } rate) update.mul_(Math.Sqrt(Math.Max(variable.shape[0], variable.shape[1])) * rate);
        variable.sub_(update.mul_(learningRate));
    }

    /// <summary>
    /// The quintic Newton–Schulz iteration: on the wide orientation of <paramref name="x"/> normalized to unit Frobenius
    /// norm, <paramref name="settings"/>.NsSteps times <c>A = X·Xᵀ</c>, <c>X = a·X + (b·A + c·A·A)·X</c>.
    /// </summary>
    internal static Tensor Orthogonalize(Tensor x, Muon settings)
    {
        var tall = x.shape[^2] > x.shape[^1];
        var y = tall ? x.transpose(-2, -1) : x;
        y = y.div(torch.linalg.matrix_norm(y, keepdim: true).add_(1e-7));
        for (var i = 0; i < settings.NsSteps; i++)
        {
            var a = y.matmul(y.transpose(-2, -1));
            var b = a.mul(settings.MuonB).add_(a.matmul(a), settings.MuonC);
            y = y.mul(settings.MuonA).add_(b.matmul(y));
        }
        return tall ? y.transpose(-2, -1).contiguous() : y;
    }

    /// <summary>AdamW's step as Keras's Muon writes it: <c>w -= lr·√(1-β2^t)/(1-β1^t) · m / (√v + ε)</c>.</summary>
    internal static void AdamWStep(Tensor variable, Tensor gradient, Tensor m, Tensor v, long step, double learningRate, Muon settings)
    {
        using var scope = torch.NewDisposeScope();
        var alpha = learningRate * Math.Sqrt(1 - Math.Pow(settings.AdamBeta2, step)) / (1 - Math.Pow(settings.AdamBeta1, step));
        m.mul_(settings.AdamBeta1).add_(gradient, 1 - settings.AdamBeta1);
        v.mul_(settings.AdamBeta2).addcmul_(gradient, gradient, 1 - settings.AdamBeta2);
        variable.sub_(m.mul(alpha).div_(v.sqrt().add_(settings.Epsilon)));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => ConfigWith(
        ("adam_beta1", AdamBeta1), ("adam_beta2", AdamBeta2), ("epsilon", Epsilon), ("exclude_layers", ExcludeLayers.ToArray()),
        ("muon_a", MuonA), ("muon_b", MuonB), ("muon_c", MuonC), ("adam_lr_ratio", AdamLrRatio), ("momentum", Momentum), ("ns_steps", NsSteps),
        ("nesterov", Nesterov), ("exclude_embeddings", ExcludeEmbeddings), ("adam_weight_decay", AdamWeightDecay), ("rms_rate", RmsRate));
}
