
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
        if (momentum is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"SGD: momentum must be in [0, 1]; received {momentum}.");
        if (nesterov && momentum == 0) throw new ArgumentException($"SGD: nesterov needs momentum > 0; received momentum {momentum}.", nameof(nesterov));
        Momentum = momentum;
        Nesterov = nesterov;
    }

    /// <summary>The momentum.</summary>
    public double Momentum { get; }
    /// <summary>Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    protected override void CreateState(IReadOnlyList<Tensor> parameters) => buffers = Momentum > 0 ? ZerosLike(parameters) : null;
    /// <inheritdoc/>
    protected override void FreeState() => Free(buffers);
    /// <inheritdoc/>
    protected override void Step(IReadOnlyList<Tensor> parameters, long step, double learningRate) =>
        FusedOptimizers.sgd_step(parameters, buffers, step, learningRate, Momentum, 0, 0, Nesterov);
    /// <inheritdoc/>
    public override IEnumerable<Tensor> StateTensors() => buffers ?? Enumerable.Empty<Tensor>();
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["momentum"] = Momentum;
        config["nesterov"] = Nesterov;
        return config;
    }
}

/// <summary>
/// Adam. Keras defaults: learning rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7, with Keras's placement of epsilon
/// (added to sqrt(v) before bias correction).
/// </summary>
public class Adam : Optimizer
{
    private Tensor[]? m, v, vMax;

    /// <summary>Creates the optimizer.</summary>
    public Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false,
                LearningRateSchedule? schedule = null, double? weightDecay = null, double? clipnorm = null, double? clipvalue = null,
                double? globalClipnorm = null, bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null,
                int? gradientAccumulationSteps = null, string name = "adam")
        : base(learningRate, schedule, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps, name)
    {
        Beta1 = CheckBeta(beta1, nameof(beta1));
        Beta2 = CheckBeta(beta2, nameof(beta2));
        Epsilon = epsilon >= 0 ? epsilon : throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be >= 0.");
        Amsgrad = amsgrad;
    }

    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; }
    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; }
    /// <summary>Numerical stability term.</summary>
    public double Epsilon { get; }
    /// <summary>Use AMSGrad.</summary>
    public bool Amsgrad { get; }

    internal static double CheckBeta(double beta, string name) =>
        beta is >= 0 and < 1 ? beta : throw new ArgumentOutOfRangeException(name, beta, $"{name} must be in [0, 1); received {beta}.");

    /// <summary>Keras adds epsilon to sqrt(v); torch's formula adds it to sqrt(v / (1 - β2^t)); this converts.</summary>
    protected double TorchEpsilon(long step) => Epsilon / Math.Sqrt(1 - Math.Pow(Beta2, step));

    /// <inheritdoc/>
    protected override void CreateState(IReadOnlyList<Tensor> parameters)
    {
        m = ZerosLike(parameters);
        v = ZerosLike(parameters);
        vMax = Amsgrad ? ZerosLike(parameters) : null;
    }
    /// <inheritdoc/>
    protected override void FreeState()
    {
        Free(m);
        Free(v);
        Free(vMax);
    }
    /// <inheritdoc/>
    protected override bool DecouplesWeightDecayItself => true;

    /// <inheritdoc/>
    protected override void Step(IReadOnlyList<Tensor> parameters, long step, double learningRate)
    {
        // Keras's weight decay is decoupled, which is exactly AdamW's update; libtorch's fused kernel either way on the CPU.
        if (WeightDecay is { } decay && decay > 0)
            FusedOptimizers.adamw_step(parameters, m!, v!, step, learningRate, Beta1, Beta2, TorchEpsilon(step), decay, Amsgrad, vMax);
        else
            FusedOptimizers.adam_step(parameters, m!, v!, step, learningRate, Beta1, Beta2, TorchEpsilon(step), 0, Amsgrad, vMax);
    }
    /// <inheritdoc/>
    public override IEnumerable<Tensor> StateTensors() => (m ?? Array.Empty<Tensor>()).Concat(v ?? Array.Empty<Tensor>()).Concat(vMax ?? Array.Empty<Tensor>());
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["beta1"] = Beta1;
        config["beta2"] = Beta2;
        config["epsilon"] = Epsilon;
        config["amsgrad"] = Amsgrad;
        return config;
    }
}

/// <summary>Adam with decoupled weight decay (Keras default weight decay 0.004).</summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer.</summary>
    public AdamW(double learningRate = 0.001, double weightDecay = 0.004, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7,
                 bool amsgrad = false, LearningRateSchedule? schedule = null, double? clipnorm = null, double? clipvalue = null,
                 double? globalClipnorm = null, bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null,
                 int? gradientAccumulationSteps = null, string name = "adamw")
        : base(learningRate, beta1, beta2, epsilon, amsgrad, schedule, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum,
               emaOverwriteFrequency, gradientAccumulationSteps, name) { }
}

/// <summary>Adamax (infinity-norm Adam). Keras defaults: 0.001, 0.9, 0.999, 1e-7.</summary>
public sealed class Adamax : Optimizer
{
    private Tensor[]? m, u;

    /// <summary>Creates the optimizer.</summary>
    public Adamax(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, LearningRateSchedule? schedule = null,
                  double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, bool useEma = false,
                  double emaMomentum = 0.99, int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "adamax")
        : base(learningRate, schedule, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps, name)
    {
        Beta1 = Adam.CheckBeta(beta1, nameof(beta1));
        Beta2 = Adam.CheckBeta(beta2, nameof(beta2));
        Epsilon = epsilon;
    }
    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; }
    /// <summary>Decay of the infinity norm.</summary>
    public double Beta2 { get; }
    /// <summary>Numerical stability term.</summary>
    public double Epsilon { get; }
    /// <inheritdoc/>
    protected override void CreateState(IReadOnlyList<Tensor> parameters)
    {
        m = ZerosLike(parameters);
        u = ZerosLike(parameters);
    }
    /// <inheritdoc/>
    protected override void FreeState()
    {
        Free(m);
        Free(u);
    }
    /// <inheritdoc/>
    protected override void Step(IReadOnlyList<Tensor> parameters, long step, double learningRate) =>
        FusedOptimizers.adamax_step(parameters, m!, u!, step, learningRate, Beta1, Beta2, Epsilon);
    /// <inheritdoc/>
    public override IEnumerable<Tensor> StateTensors() => (m ?? Array.Empty<Tensor>()).Concat(u ?? Array.Empty<Tensor>());
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["beta1"] = Beta1;
        config["beta2"] = Beta2;
        config["epsilon"] = Epsilon;
        return config;
    }
}

/// <summary>Nadam (Adam with Nesterov momentum and a momentum schedule). Keras defaults: 0.001, 0.9, 0.999, 1e-7.</summary>
public sealed class Nadam : Optimizer
{
    private Tensor[]? m, v;
    private double muProduct = 1.0;

    /// <summary>Creates the optimizer.</summary>
    public Nadam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, LearningRateSchedule? schedule = null,
                 double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, bool useEma = false,
                 double emaMomentum = 0.99, int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "nadam")
        : base(learningRate, schedule, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps, name)
    {
        Beta1 = Adam.CheckBeta(beta1, nameof(beta1));
        Beta2 = Adam.CheckBeta(beta2, nameof(beta2));
        Epsilon = epsilon;
    }
    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; }
    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; }
    /// <summary>Numerical stability term.</summary>
    public double Epsilon { get; }
    /// <inheritdoc/>
    protected override void CreateState(IReadOnlyList<Tensor> parameters)
    {
        m = ZerosLike(parameters);
        v = ZerosLike(parameters);
        muProduct = 1.0;
    }
    /// <inheritdoc/>
    protected override void FreeState()
    {
        Free(m);
        Free(v);
    }
    /// <inheritdoc/>
    protected override void Step(IReadOnlyList<Tensor> parameters, long step, double learningRate) =>
        // Keras's momentum schedule is u_t = beta1 (1 - 0.5 * 0.96^t): torch's formula with momentum_decay 1
        // (torch.optim.NAdam's default 0.004 gives a different schedule).
        muProduct = FusedOptimizers.nadam_step(parameters, m!, v!, step, muProduct, learningRate, Beta1, Beta2, Epsilon, momentum_decay: 1.0);
    /// <inheritdoc/>
    protected override IReadOnlyDictionary<string, double> GetExtraState() => new Dictionary<string, double> { ["mu_product"] = muProduct };
    /// <inheritdoc/>
    protected override void SetExtraState(IReadOnlyDictionary<string, double> values) => muProduct = values["mu_product"];
    /// <inheritdoc/>
    public override IEnumerable<Tensor> StateTensors() => (m ?? Array.Empty<Tensor>()).Concat(v ?? Array.Empty<Tensor>());
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["beta1"] = Beta1;
        config["beta2"] = Beta2;
        config["epsilon"] = Epsilon;
        return config;
    }
}

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
        Rho = Adam.CheckBeta(rho, nameof(rho));
        Momentum = momentum is >= 0 and < 1 ? momentum : throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in [0, 1).");
        Epsilon = epsilon;
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
        squares = ZerosLike(parameters);
        averages = Centered ? ZerosLike(parameters) : null;
        buffers = Momentum > 0 ? ZerosLike(parameters) : null;
    }
    /// <inheritdoc/>
    protected override void FreeState()
    {
        Free(squares);
        Free(averages);
        Free(buffers);
    }
    /// <inheritdoc/>
    /// <remarks>
    /// Keras's rule: <c>v = rho v + (1 - rho) g²</c>; the denominator is <c>sqrt(v + epsilon)</c> (centered:
    /// <c>sqrt(v - a² + epsilon)</c> with <c>a = rho a + (1 - rho) g</c>); <c>increment = lr g / denominator</c>; with
    /// momentum <c>buf = momentum buf + increment</c> and <c>w -= buf</c>, else <c>w -= increment</c>. torch.optim's
    /// kernel (torch.optim.RMSprop) adds epsilon outside the root, which makes the steps of
    /// small gradients (|g| below about 1e-3 with epsilon 1e-7) several times larger than Keras's, so the update is
    /// written out here, a few native calls per variable, until the fused kernel offers Keras's placement.
    /// </remarks>
    protected override void Step(IReadOnlyList<Tensor> parameters, long step, double learningRate)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        for (var i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].grad is not { } g) continue;
            var v = squares![i].mul_(Rho).add_(g.square(), 1 - Rho);
            Tensor denominator;
            if (averages is not null)
            {
                var a = averages[i].mul_(Rho).add_(g, 1 - Rho);
                denominator = (v - a.square() + Epsilon).sqrt_();
            }
            else denominator = (v + Epsilon).sqrt_();
            var increment = g * learningRate / denominator;
            if (buffers is not null) parameters[i].sub_(buffers[i].mul_(Momentum).add_(increment));
            else parameters[i].sub_(increment);
        }
    }
    /// <inheritdoc/>
    public override IEnumerable<Tensor> StateTensors() =>
        (squares ?? Array.Empty<Tensor>()).Concat(averages ?? Array.Empty<Tensor>()).Concat(buffers ?? Array.Empty<Tensor>());
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["rho"] = Rho;
        config["momentum"] = Momentum;
        config["epsilon"] = Epsilon;
        config["centered"] = Centered;
        return config;
    }
}

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
        InitialAccumulatorValue = initialAccumulatorValue >= 0 ? initialAccumulatorValue : throw new ArgumentOutOfRangeException(nameof(initialAccumulatorValue), initialAccumulatorValue, "must be >= 0.");
        Epsilon = epsilon;
    }
    /// <summary>The accumulators' starting value.</summary>
    public double InitialAccumulatorValue { get; }
    /// <summary>Numerical stability term.</summary>
    public double Epsilon { get; }
    /// <inheritdoc/>
    protected override void CreateState(IReadOnlyList<Tensor> parameters) => sums = ZerosLike(parameters, InitialAccumulatorValue);
    /// <inheritdoc/>
    protected override void FreeState() => Free(sums);
    /// <inheritdoc/>
    protected override void Step(IReadOnlyList<Tensor> parameters, long step, double learningRate) =>
        FusedOptimizers.adagrad_step(parameters, sums!, step, learningRate, 0, 0, Epsilon);
    /// <inheritdoc/>
    public override IEnumerable<Tensor> StateTensors() => sums ?? Enumerable.Empty<Tensor>();
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["initial_accumulator_value"] = InitialAccumulatorValue;
        config["epsilon"] = Epsilon;
        return config;
    }
}

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
        Rho = Adam.CheckBeta(rho, nameof(rho));
        Epsilon = epsilon;
    }
    /// <summary>Decay of the averages.</summary>
    public double Rho { get; }
    /// <summary>Numerical stability term.</summary>
    public double Epsilon { get; }
    /// <inheritdoc/>
    protected override void CreateState(IReadOnlyList<Tensor> parameters)
    {
        squares = ZerosLike(parameters);
        deltas = ZerosLike(parameters);
    }
    /// <inheritdoc/>
    protected override void FreeState()
    {
        Free(squares);
        Free(deltas);
    }
    /// <inheritdoc/>
    protected override void Step(IReadOnlyList<Tensor> parameters, long step, double learningRate) =>
        FusedOptimizers.adadelta_step(parameters, squares!, deltas!, learningRate, Rho, Epsilon);
    /// <inheritdoc/>
    public override IEnumerable<Tensor> StateTensors() => (squares ?? Array.Empty<Tensor>()).Concat(deltas ?? Array.Empty<Tensor>());
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["rho"] = Rho;
        config["epsilon"] = Epsilon;
        return config;
    }
}

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
        Beta1 = Adam.CheckBeta(beta1, nameof(beta1));
        Beta2 = Adam.CheckBeta(beta2, nameof(beta2));
    }
    /// <summary>Interpolation factor of the update direction.</summary>
    public double Beta1 { get; }
    /// <summary>Decay of the momentum.</summary>
    public double Beta2 { get; }
    /// <inheritdoc/>
    protected override void CreateState(IReadOnlyList<Tensor> parameters) => m = ZerosLike(parameters);
    /// <inheritdoc/>
    protected override void FreeState() => Free(m);
    /// <inheritdoc/>
    protected override void Step(IReadOnlyList<Tensor> parameters, long step, double learningRate) =>
        FusedOptimizers.lion_step(parameters, m!, learningRate, Beta1, Beta2);
    /// <inheritdoc/>
    public override IEnumerable<Tensor> StateTensors() => m ?? Enumerable.Empty<Tensor>();
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["beta1"] = Beta1;
        config["beta2"] = Beta2;
        return config;
    }
}
