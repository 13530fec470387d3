using System.Globalization;

namespace KerasNet.Optimizers;

public abstract partial class Optimizer
{
    private const string IterationsKey = "iterations";
    private const string LearningRateKey = "learning_rate";
    private const string HasScheduleKey = "has_schedule";
    private const string SlotPrefix = "slot/";
    private const string EmaPrefix = "ema/";
    private const string AccumulatedPrefix = "accumulated_grad/";

    /// <summary>
    /// Everything needed to continue training exactly where it stopped, as named CPU tensors (ready for a safetensors
    /// file): the iteration count (which is also the learning-rate schedule's step), the current fixed learning rate
    /// (callbacks such as ReduceLROnPlateau change it), every state slot (<see cref="StateTensors"/>: moments,
    /// accumulators, momentum buffers), the moving average of the weights, the gradients summed so far under gradient
    /// accumulation, and optimizer-specific scalars. The tensors are copies owned by the caller's dispose scope.
    /// </summary>
    /// <exception cref="InvalidOperationException">The optimizer has not been built.</exception>
    public Dictionary<string, Tensor> GetState()
    {
        if (parameters is null)
            throw new InvalidOperationException($"{GetType().Name} has no state yet: it is built by the first training step (or by Compile on a built model).");
        using var noGrad = torch.no_grad();
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            [IterationsKey] = torch.tensor(new[] { Iterations }),
            [LearningRateKey] = torch.tensor(new[] { fixedLearningRate }),
            [HasScheduleKey] = torch.tensor(new[] { Schedule is null ? 0L : 1L }),
        };
        var i = 0;
        foreach (var slot in StateTensors()) state[SlotPrefix + Index(i++)] = HostCopy(slot);
        if (emaValues is not null)
            for (var j = 0; j < emaValues.Length; j++) state[EmaPrefix + Index(j)] = HostCopy(emaValues[j]);
        if (GradientAccumulationSteps is > 1)
            for (var j = 0; j < parameters.Length; j++)
                if (parameters[j].grad is { } g) state[AccumulatedPrefix + Index(j)] = HostCopy(g);
        foreach (var (key, value) in GetExtraState()) state["extra/" + key] = torch.tensor(new[] { value });
        return state;
    }

    /// <summary>
    /// Restores a state taken by <see cref="GetState"/> from an optimizer of the same class and settings built for
    /// variables of the same shapes. Everything is checked before anything is changed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The optimizer has not been built.</exception>
    /// <exception cref="ArgumentException">The state does not fit (other optimizer, other variables); the message lists what differs.</exception>
    public void SetState(IReadOnlyDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (parameters is null)
            throw new InvalidOperationException($"{GetType().Name} must be built before its state is set: compile the model (built, e.g. from Keras.Input) first.");
        var problems = new List<string>();
        var slots = StateTensors().ToArray();
        var savedSlots = state.Keys.Count(k => k.StartsWith(SlotPrefix, StringComparison.Ordinal));
        if (savedSlots != slots.Length) problems.Add($"{savedSlots} state slot(s) saved, {slots.Length} expected");
        foreach (var key in new[] { IterationsKey, LearningRateKey, HasScheduleKey })
            if (!state.ContainsKey(key)) problems.Add($"'{key}' is missing");
        var plan = new List<(Tensor Target, Tensor Value)>();
        void Match(Tensor target, string key)
        {
            if (!state.TryGetValue(key, out var value)) problems.Add($"'{key}' is missing");
            else if (!value.shape.SequenceEqual(target.shape))
                problems.Add($"'{key}' has shape {Shape.Format(value.shape)}, the optimizer's is {Shape.Format(target.shape)}");
            else plan.Add((target, value));
        }
        for (var i = 0; i < slots.Length && savedSlots == slots.Length; i++) Match(slots[i], SlotPrefix + Index(i));
        if (emaValues is not null)
            for (var j = 0; j < emaValues.Length; j++) Match(emaValues[j], EmaPrefix + Index(j));
        var extra = GetExtraState();
        foreach (var key in extra.Keys)
            if (!state.ContainsKey("extra/" + key)) problems.Add($"'extra/{key}' is missing");
        if (problems.Count > 0)
            throw new ArgumentException(
                $"The saved optimizer state does not fit {GetType().Name} '{Name}' ({parameters.Length} variables): {string.Join("; ", problems)}. " +
                "It was saved from another optimizer or another model; compile the model with the optimizer it was saved with.", nameof(state));
        using var noGrad = torch.no_grad();
        foreach (var (target, value) in plan) target.copy_(value);
        Iterations = state[IterationsKey].item<long>();
        var learningRate = state[LearningRateKey].item<double>();
        if (state[HasScheduleKey].item<long>() == 0 || Schedule is null) LearningRate = learningRate;
        else fixedLearningRate = learningRate;
        for (var j = 0; j < parameters.Length; j++)
        {
            if (state.TryGetValue(AccumulatedPrefix + Index(j), out var g) && g.shape.SequenceEqual(parameters[j].shape))
                parameters[j].grad = g.to(parameters[j].dtype, parameters[j].device, copy: true);
            else if (GradientAccumulationSteps is > 1) parameters[j].grad = null;
        }
        SetExtraState(extra.Keys.ToDictionary(k => k, k => state["extra/" + k].item<double>(), StringComparer.Ordinal));
    }

    /// <summary>Puts back a learning-rate schedule that setting <see cref="LearningRate"/> replaced (the LR range test does).</summary>
    internal void RestoreSchedule(LearningRateSchedule? schedule, double learningRate)
    {
        Schedule = schedule;
        fixedLearningRate = learningRate;
    }

    /// <summary>The fixed learning rate, even while a schedule is in use.</summary>
    internal double FixedLearningRate => fixedLearningRate;

    /// <summary>Optimizer-specific scalars to save beside the state tensors (Nadam's momentum product).</summary>
    protected virtual IReadOnlyDictionary<string, double> GetExtraState() => new Dictionary<string, double>();

    /// <summary>Restores the scalars of <see cref="GetExtraState"/>.</summary>
    protected virtual void SetExtraState(IReadOnlyDictionary<string, double> values) { }

    // Zero-padded so that the keys sort in slot order in any file.
    private static string Index(int i) => i.ToString("D5", CultureInfo.InvariantCulture);

    private static Tensor HostCopy(Tensor t) => t.detach().to(t.dtype, torch.CPU, copy: true);
}
