using KerasNet.Serialization;

namespace KerasNet.Optimizers;

/// <summary>
/// The base of Keras's optimizers: learning rate (a number or a <see cref="LearningRateSchedule"/>), gradient clipping
/// (per variable, by value, by global norm), decoupled weight decay, gradient accumulation and an exponential moving
/// average of the weights. Each optimizer's file holds its update rule for one variable (its <c>UpdateStep</c>, as
/// Keras's <c>update_step</c>); <see cref="FusedOptimizers"/> runs a rule over all variables, and sends Adam's and
/// AdamW's contiguous CPU variables through one fused libtorch call instead.
/// </summary>
public abstract partial class Optimizer : IKerasSerializable
{
    private IReadOnlyList<Variable>? variables;
    private Tensor[]? parameters;
    private Tensor[]? emaValues;
    private readonly List<Tensor[]> slots = new();
    private double fixedLearningRate;

    /// <summary>Creates the optimizer.</summary>
    protected Optimizer(double learningRate, LearningRateSchedule? schedule, double? weightDecay, double? clipnorm, double? clipvalue,
                        double? globalClipnorm, bool useEma, double emaMomentum, int? emaOverwriteFrequency, int? gradientAccumulationSteps, string name)
    {
        var owner = GetType().Name;
        fixedLearningRate = schedule is null ? OptimizerArguments.LearningRate(owner, learningRate) : learningRate;
        Schedule = schedule;
        OptimizerArguments.AtMostOneClipping(owner, clipnorm, clipvalue, globalClipnorm);
        Clipnorm = OptimizerArguments.NonNegative(owner, clipnorm, nameof(clipnorm));
        Clipvalue = OptimizerArguments.NonNegative(owner, clipvalue, nameof(clipvalue));
        GlobalClipnorm = OptimizerArguments.NonNegative(owner, globalClipnorm, nameof(globalClipnorm));
        WeightDecay = OptimizerArguments.NonNegative(owner, weightDecay, nameof(weightDecay));
        UseEma = useEma;
        EmaMomentum = OptimizerArguments.Fraction(owner, emaMomentum, nameof(emaMomentum), oneIncluded: true);
        EmaOverwriteFrequency = OptimizerArguments.Steps(owner, emaOverwriteFrequency, nameof(emaOverwriteFrequency));
        GradientAccumulationSteps = OptimizerArguments.Steps(owner, gradientAccumulationSteps, nameof(gradientAccumulationSteps));
        Name = name;
    }

    /// <summary>The optimizer's name.</summary>
    public string Name { get; }

    /// <summary>The learning-rate schedule, if any.</summary>
    public LearningRateSchedule? Schedule { get; private set; }

    /// <summary>The learning rate for the next update (a fixed number can be changed; a schedule is replaced by it).</summary>
    public double LearningRate
    {
        get => Schedule?.Call(Iterations) ?? fixedLearningRate;
        set
        {
            OptimizerArguments.LearningRate(GetType().Name, value, nameof(value));
            Schedule = null;
            fixedLearningRate = value;
        }
    }

    /// <summary>Decoupled weight decay: each update first does <c>w -= lr × weightDecay × w</c>.</summary>
    public double? WeightDecay { get; }
    /// <summary>Each gradient is rescaled to at most this norm.</summary>
    public double? Clipnorm { get; }
    /// <summary>Each gradient element is clipped to [-clipvalue, clipvalue].</summary>
    public double? Clipvalue { get; }
    /// <summary>All gradients are rescaled together so that their global norm is at most this.</summary>
    public double? GlobalClipnorm { get; }
    /// <summary>Keep an exponential moving average of the weights.</summary>
    public bool UseEma { get; }
    /// <summary>The EMA's momentum.</summary>
    public double EmaMomentum { get; }
    /// <summary>Copy the EMA into the weights every this many updates, if set.</summary>
    public int? EmaOverwriteFrequency { get; }
    /// <summary>Apply the averaged gradients once every this many steps, if set.</summary>
    public int? GradientAccumulationSteps { get; }

    /// <summary>
    /// The number of <see cref="Apply"/> calls, as Keras's <c>iterations</c>: with gradient accumulation every call
    /// counts, updates or not. Learning-rate schedules read it, and an update's step number is <c>Iterations + 1</c>.
    /// </summary>
    public long Iterations { get; private set; }

    /// <summary>The variables this optimizer updates (set by <see cref="Build"/>).</summary>
    public IReadOnlyList<Variable> Variables => variables ?? Array.Empty<Variable>();

    /// <summary>
    /// Set by the model this optimizer is compiled into: builds the optimizer for the model's trainable weights when it
    /// is not built yet, so that an overridden training step can call <see cref="Apply"/> after its first forward pass.
    /// </summary>
    internal Action? BuildForOwner { get; set; }

    /// <summary>Creates the optimizer state for <paramref name="trainable"/> variables.</summary>
    public void Build(IReadOnlyList<Variable> trainable)
    {
        ArgumentNullException.ThrowIfNull(trainable);
        FreeState();
        variables = trainable.ToArray();
        parameters = variables.Select(v => (Tensor)v.Parameter).ToArray();
        CreateState(parameters);
        if (UseEma)
        {
            using (torch.no_grad())
                emaValues = parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray();
        }
    }

    /// <summary>Creates the per-variable state tensors (moments, accumulators).</summary>
    protected abstract void CreateState(IReadOnlyList<Tensor> parameters);

    /// <summary>Frees the per-variable state tensors; by default the slots made by <see cref="AddSlot"/>.</summary>
    protected virtual void FreeState()
    {
        foreach (var slot in slots) Free(slot);
        slots.Clear();
    }

    /// <summary>
    /// Makes one state tensor per parameter, shaped like it and filled with <paramref name="fill"/> (a slot, as Keras's
    /// <c>add_variable_from_reference</c>), which <see cref="FreeState"/> frees and <see cref="StateTensors"/> lists,
    /// slot after slot in the order they were added.
    /// </summary>
    protected Tensor[] AddSlot(IReadOnlyList<Tensor> parameters, double fill = 0)
    {
        var slot = ZerosLike(parameters, fill);
        slots.Add(slot);
        return slot;
    }

    /// <summary>
    /// Updates the parameters from their gradients, each with the optimizer's rule (its <c>UpdateStep</c>, Keras's
    /// <c>update_step</c>); <paramref name="step"/> counts from 1.
    /// </summary>
    protected abstract void Step(IReadOnlyList<Tensor> parameters, long step, double learningRate);

    /// <summary>
    /// Applies the gradients held in the variables' <c>grad</c>, as Keras's <c>apply</c>: clipping, decoupled weight
    /// decay, the update, constraints, then the moving average of the weights. With gradient accumulation over k
    /// steps, the update runs on the mean gradient when <c>(Iterations + 1) % k == 0</c>; on the other calls it
    /// returns false and leaves the gradients to be summed further. After an update the gradients are cleared, so a
    /// training step only calls <c>loss.backward()</c> then <c>Apply()</c>. Under a distribution
    /// (<see cref="Distributed.TrainingDistribution"/>) the gradients are first averaged across the processes.
    /// </summary>
    /// <returns>True when the update ran.</returns>
    public bool Apply()
    {
        BuildForOwner?.Invoke();
        if (parameters is null) throw new InvalidOperationException($"{GetType().Name} has not been built: compile the model (or call Build(variables)) first.");
        var every = AccumulationSteps;
        var update = UpdatesOnNextApply;
        if (update) Distributed.DistributionStrategy.Current.ReduceGradients(parameters);
        if (every > 1)
        {
            if (update)
            {
                using var scope = torch.NewDisposeScope();
                foreach (var p in parameters)
                    if (p.grad is { } g) g.div_(every);
            }
        }
        if (update && !AcceptGradients(parameters))
        {
            foreach (var p in parameters) p.grad = null;
            return false;
        }
        if (update)
        {
            ClipGradients(parameters);
            var before = SnapshotScaledParameters(parameters);
            var lr = LearningRate;
            if (WeightDecay is { } decay && decay > 0 && DecouplesWeightDecayItself is false)
            {
                using var scope = torch.NewDisposeScope();
                using var noGrad = torch.no_grad();
                foreach (var p in parameters) p.mul_(1 - lr * decay);
            }
            Step(parameters, Iterations + 1, lr);
            RescaleUpdates(parameters, before);
            ApplyConstraints();
            foreach (var p in parameters) p.grad = null;
        }
        if (emaValues is not null) UpdateEma();
        Iterations++;
        return update;
    }

    private int AccumulationSteps => GradientAccumulationSteps is { } k && k > 1 ? k : 1;

    /// <summary>Whether the next <see cref="Apply"/> updates the weights (with gradient accumulation, one call in k).</summary>
    internal bool UpdatesOnNextApply => (Iterations + 1) % AccumulationSteps == 0;

    /// <summary>True for optimizers whose fused step applies the decoupled weight decay itself (AdamW).</summary>
    protected virtual bool DecouplesWeightDecayItself => false;

    private void ClipGradients(Tensor[] ps)
    {
        if (GlobalClipnorm is { } global)
        {
            FusedOptimizers.clip_grad_norm_(ps, global).Dispose();
            return;
        }
        if (Clipvalue is { } value)
        {
            FusedOptimizers.clip_grad_value_(ps, value);
            return;
        }
        if (Clipnorm is { } norm)
            foreach (var p in ps)
                FusedOptimizers.clip_grad_norm_(new[] { p }, norm).Dispose();
    }

    private void ApplyConstraints()
    {
        foreach (var variable in variables!)
        {
            if (variable.Constraint is null) continue;
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            variable.Value.copy_(variable.Constraint.Call(variable.Value));
        }
    }

    private void UpdateEma()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        // As Keras: the first call starts the average at the weights, later calls move it with the momentum.
        var momentum = Iterations == 0 ? 0.0 : EmaMomentum;
        for (var i = 0; i < parameters!.Length; i++)
            emaValues![i].mul_(momentum).add_(parameters[i], 1 - momentum);
        if (EmaOverwriteFrequency is { } every && (Iterations + 1) % every == 0) FinalizeVariableValues();
    }

    /// <summary>With EMA enabled, copies the averaged weights into the variables (Keras does this at the end of Fit).</summary>
    public void FinalizeVariableValues()
    {
        if (emaValues is null || parameters is null) return;
        using var noGrad = torch.no_grad();
        for (var i = 0; i < parameters.Length; i++) parameters[i].copy_(emaValues[i]);
    }

    /// <summary>Zeros tensors shaped like each parameter, owned by the optimizer.</summary>
    protected static Tensor[] ZerosLike(IReadOnlyList<Tensor> ps, double fill = 0)
    {
        using var noGrad = torch.no_grad();
        return ps.Select(p => (fill == 0 ? torch.zeros_like(p) : torch.full_like(p, fill)).DetachFromDisposeScope()).ToArray();
    }

    /// <summary>Disposes state tensors.</summary>
    protected static void Free(Tensor[]? state)
    {
        if (state is null) return;
        foreach (var t in state) t.Dispose();
    }

    /// <summary>The number of scalars in the optimizer state.</summary>
    public long StateSize => StateTensors().Sum(t => t.numel());

    /// <summary>The state tensors (for saving and for the summary); by default the slots made by <see cref="AddSlot"/>.</summary>
    public virtual IEnumerable<Tensor> StateTensors() => slots.SelectMany(slot => slot);

    /// <inheritdoc/>
    public virtual Dictionary<string, object?> GetConfig() => GetBaseConfig();

    private Dictionary<string, object?> GetBaseConfig() => new()
    {
        ["name"] = Name,
        ["learning_rate"] = fixedLearningRate,
        ["schedule"] = Schedule is null ? null : KerasRegistry.Serialize(Schedule),
        ["weight_decay"] = WeightDecay,
        ["clipnorm"] = Clipnorm,
        ["clipvalue"] = Clipvalue,
        ["global_clipnorm"] = GlobalClipnorm,
        ["use_ema"] = UseEma,
        ["ema_momentum"] = EmaMomentum,
        ["ema_overwrite_frequency"] = EmaOverwriteFrequency,
        ["gradient_accumulation_steps"] = GradientAccumulationSteps,
    };

    /// <summary>The base configuration with the optimizer's own arguments added (for <see cref="GetConfig"/> overrides).</summary>
    protected Dictionary<string, object?> ConfigWith(params (string Key, object? Value)[] entries)
    {
        var config = GetBaseConfig();
        foreach (var (key, value) in entries) config[key] = value;
        return config;
    }

    /// <summary>The optimizer named as in Keras, with Keras's defaults: "adam", "sgd", "rmsprop", "adamw"...</summary>
    public static Optimizer Get(string identifier) => identifier.ToLowerInvariant() switch
    {
        "sgd" => new SGD(),
        "adam" => new Adam(),
        "adamw" => new AdamW(),
        "adamax" => new Adamax(),
        "nadam" => new Nadam(),
        "rmsprop" => new RMSprop(),
        "adagrad" => new Adagrad(),
        "adadelta" => new Adadelta(),
        "lion" => new Lion(),
        "adafactor" => new Adafactor(),
        "ftrl" => new Ftrl(),
        "lamb" => new Lamb(),
        "muon" => new Muon(),
        _ => throw new ArgumentException(
            $"Unknown optimizer '{identifier}'. Expected one of sgd, adam, adamw, adamax, nadam, rmsprop, adagrad, adadelta, lion, adafactor, ftrl, lamb, muon.",
            nameof(identifier)),
    };

    /// <summary>Allows <c>optimizer: "adam"</c>.</summary>
    public static implicit operator Optimizer(string identifier) => Get(identifier);
}
