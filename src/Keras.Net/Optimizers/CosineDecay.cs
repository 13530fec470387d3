namespace KerasNet.Optimizers;

/// <summary>
/// Optional linear warmup from the initial rate to <see cref="WarmupTarget"/> over <see cref="WarmupSteps"/>, then a
/// cosine decay over <see cref="DecaySteps"/> to <c>alpha ×</c> the peak rate.
/// </summary>
public sealed class CosineDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    public CosineDecay(double initialLearningRate, long decaySteps, double alpha = 0.0, double? warmupTarget = null, long warmupSteps = 0)
    {
        InitialLearningRate = OptimizerArguments.NonNegative(nameof(CosineDecay), initialLearningRate, nameof(initialLearningRate));
        DecaySteps = Steps(decaySteps, nameof(decaySteps));
        Alpha = alpha;
        WarmupTarget = warmupTarget;
        WarmupSteps = OptimizerArguments.NonNegativeSteps(nameof(CosineDecay), warmupSteps, nameof(warmupSteps));
    }
    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }
    /// <summary>Steps of the cosine decay.</summary>
    public long DecaySteps { get; }
    /// <summary>The floor, as a fraction of the peak.</summary>
    public double Alpha { get; }
    /// <summary>The rate reached after warmup, if any.</summary>
    public double? WarmupTarget { get; }
    /// <summary>Warmup steps.</summary>
    public long WarmupSteps { get; }
    /// <inheritdoc/>
    public override double Call(long step)
    {
        var peak = WarmupTarget ?? InitialLearningRate;
        if (WarmupTarget is not null && step < WarmupSteps)
            return InitialLearningRate + (peak - InitialLearningRate) * step / WarmupSteps;
        var s = Math.Min(step - (WarmupTarget is null ? 0 : WarmupSteps), DecaySteps);
        var cosine = 0.5 * (1 + Math.Cos(Math.PI * s / DecaySteps));
        return peak * ((1 - Alpha) * cosine + Alpha);
    }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate, ["decay_steps"] = DecaySteps, ["alpha"] = Alpha, ["warmup_target"] = WarmupTarget, ["warmup_steps"] = WarmupSteps,
    };
}
