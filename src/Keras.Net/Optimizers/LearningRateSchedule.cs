using KerasNet.Serialization;

namespace KerasNet.Optimizers;

/// <summary>A learning rate that depends on the optimizer's step count (from 0), as Keras's schedules.</summary>
public abstract class LearningRateSchedule : IKerasSerializable
{
    /// <summary>The learning rate at <paramref name="step"/>.</summary>
    public abstract double Call(long step);

    /// <inheritdoc/>
    public abstract Dictionary<string, object?> GetConfig();

    /// <summary>Checks that a schedule argument is positive.</summary>
    protected static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive number.");
}

/// <summary>initial × rate^(step / decaySteps), with the exponent floored when <see cref="Staircase"/>.</summary>
public sealed class ExponentialDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, bool staircase = false)
    {
        InitialLearningRate = Positive(initialLearningRate, nameof(initialLearningRate));
        DecaySteps = decaySteps > 0 ? decaySteps : throw new ArgumentOutOfRangeException(nameof(decaySteps), decaySteps, "decaySteps must be positive.");
        DecayRate = Positive(decayRate, nameof(decayRate));
        Staircase = staircase;
    }
    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }
    /// <summary>Steps per decay period.</summary>
    public long DecaySteps { get; }
    /// <summary>Factor per period.</summary>
    public double DecayRate { get; }
    /// <summary>Decay in whole periods.</summary>
    public bool Staircase { get; }
    /// <inheritdoc/>
    public override double Call(long step)
    {
        var p = (double)step / DecaySteps;
        if (Staircase) p = Math.Floor(p);
        return InitialLearningRate * Math.Pow(DecayRate, p);
    }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate, ["decay_steps"] = DecaySteps, ["decay_rate"] = DecayRate, ["staircase"] = Staircase,
    };
}

/// <summary>values[i] while step ≤ boundaries[i] (values has one more entry than boundaries).</summary>
public sealed class PiecewiseConstantDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    public PiecewiseConstantDecay(long[] boundaries, double[] values)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != boundaries.Length + 1)
            throw new ArgumentException($"PiecewiseConstantDecay needs one more value than boundaries; received {boundaries.Length} boundaries and {values.Length} values.", nameof(values));
        for (var i = 1; i < boundaries.Length; i++)
            if (boundaries[i] <= boundaries[i - 1]) throw new ArgumentException("PiecewiseConstantDecay: boundaries must be strictly increasing.", nameof(boundaries));
        Boundaries = boundaries;
        Values = values;
    }
    /// <summary>Step boundaries.</summary>
    public long[] Boundaries { get; }
    /// <summary>Rates between boundaries.</summary>
    public double[] Values { get; }
    /// <inheritdoc/>
    public override double Call(long step)
    {
        for (var i = 0; i < Boundaries.Length; i++)
            if (step <= Boundaries[i]) return Values[i];
        return Values[^1];
    }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["boundaries"] = Boundaries, ["values"] = Values };
}

/// <summary>(initial - end) × (1 - step / decaySteps)^power + end; with <see cref="Cycle"/>, decaySteps grows to the next multiple.</summary>
public sealed class PolynomialDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule (Keras defaults: end 1e-4, power 1).</summary>
    public PolynomialDecay(double initialLearningRate, long decaySteps, double endLearningRate = 1e-4, double power = 1.0, bool cycle = false)
    {
        InitialLearningRate = Positive(initialLearningRate, nameof(initialLearningRate));
        DecaySteps = decaySteps > 0 ? decaySteps : throw new ArgumentOutOfRangeException(nameof(decaySteps), decaySteps, "decaySteps must be positive.");
        EndLearningRate = endLearningRate;
        Power = power;
        Cycle = cycle;
    }
    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }
    /// <summary>Steps to reach the end rate.</summary>
    public long DecaySteps { get; }
    /// <summary>The final rate.</summary>
    public double EndLearningRate { get; }
    /// <summary>The polynomial power.</summary>
    public double Power { get; }
    /// <summary>Restart after decaySteps.</summary>
    public bool Cycle { get; }
    /// <inheritdoc/>
    public override double Call(long step)
    {
        double steps = DecaySteps, s = step;
        if (Cycle) steps = DecaySteps * Math.Max(1.0, Math.Ceiling(s / DecaySteps));
        else s = Math.Min(s, steps);
        return (InitialLearningRate - EndLearningRate) * Math.Pow(1 - s / steps, Power) + EndLearningRate;
    }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate, ["decay_steps"] = DecaySteps, ["end_learning_rate"] = EndLearningRate, ["power"] = Power, ["cycle"] = Cycle,
    };
}

/// <summary>initial / (1 + rate × step / decaySteps), floored with <see cref="Staircase"/>.</summary>
public sealed class InverseTimeDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate, bool staircase = false)
    {
        InitialLearningRate = Positive(initialLearningRate, nameof(initialLearningRate));
        DecaySteps = decaySteps > 0 ? decaySteps : throw new ArgumentOutOfRangeException(nameof(decaySteps), decaySteps, "decaySteps must be positive.");
        DecayRate = decayRate;
        Staircase = staircase;
    }
    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }
    /// <summary>Steps per decay period.</summary>
    public long DecaySteps { get; }
    /// <summary>Decay per period.</summary>
    public double DecayRate { get; }
    /// <summary>Decay in whole periods.</summary>
    public bool Staircase { get; }
    /// <inheritdoc/>
    public override double Call(long step)
    {
        var p = (double)step / DecaySteps;
        if (Staircase) p = Math.Floor(p);
        return InitialLearningRate / (1 + DecayRate * p);
    }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate, ["decay_steps"] = DecaySteps, ["decay_rate"] = DecayRate, ["staircase"] = Staircase,
    };
}

/// <summary>
/// Optional linear warmup from the initial rate to <see cref="WarmupTarget"/> over <see cref="WarmupSteps"/>, then a
/// cosine decay over <see cref="DecaySteps"/> to <c>alpha ×</c> the peak rate.
/// </summary>
public sealed class CosineDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    public CosineDecay(double initialLearningRate, long decaySteps, double alpha = 0.0, double? warmupTarget = null, long warmupSteps = 0)
    {
        if (initialLearningRate < 0) throw new ArgumentOutOfRangeException(nameof(initialLearningRate), initialLearningRate, "initialLearningRate must be >= 0.");
        InitialLearningRate = initialLearningRate;
        DecaySteps = decaySteps > 0 ? decaySteps : throw new ArgumentOutOfRangeException(nameof(decaySteps), decaySteps, "decaySteps must be positive.");
        Alpha = alpha;
        WarmupTarget = warmupTarget;
        WarmupSteps = warmupSteps >= 0 ? warmupSteps : throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, "warmupSteps must be >= 0.");
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

/// <summary>Cosine decay with warm restarts (SGDR): periods grow by <see cref="TMul"/>, peaks shrink by <see cref="MMul"/>.</summary>
public sealed class CosineDecayRestarts : LearningRateSchedule
{
    /// <summary>Creates the schedule (Keras defaults: tMul 2, mMul 1, alpha 0).</summary>
    public CosineDecayRestarts(double initialLearningRate, long firstDecaySteps, double tMul = 2.0, double mMul = 1.0, double alpha = 0.0)
    {
        InitialLearningRate = Positive(initialLearningRate, nameof(initialLearningRate));
        FirstDecaySteps = firstDecaySteps > 0 ? firstDecaySteps : throw new ArgumentOutOfRangeException(nameof(firstDecaySteps), firstDecaySteps, "firstDecaySteps must be positive.");
        TMul = Positive(tMul, nameof(tMul));
        MMul = mMul;
        Alpha = alpha;
    }
    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }
    /// <summary>Length of the first period.</summary>
    public long FirstDecaySteps { get; }
    /// <summary>Period growth factor.</summary>
    public double TMul { get; }
    /// <summary>Peak shrink factor.</summary>
    public double MMul { get; }
    /// <summary>The floor, as a fraction of each peak.</summary>
    public double Alpha { get; }
    /// <inheritdoc/>
    public override double Call(long step)
    {
        var fraction = (double)step / FirstDecaySteps;
        double restarts, completed;
        if (TMul == 1.0)
        {
            restarts = Math.Floor(fraction);
            completed = fraction - restarts;
        }
        else
        {
            restarts = Math.Floor(Math.Log(1 - fraction * (1 - TMul)) / Math.Log(TMul));
            var sumPrevious = (1 - Math.Pow(TMul, restarts)) / (1 - TMul);
            completed = (fraction - sumPrevious) / Math.Pow(TMul, restarts);
        }
        var peak = Math.Pow(MMul, restarts);
        var cosine = 0.5 * peak * (1 + Math.Cos(Math.PI * completed));
        return InitialLearningRate * ((1 - Alpha) * cosine + Alpha);
    }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate, ["first_decay_steps"] = FirstDecaySteps, ["t_mul"] = TMul, ["m_mul"] = MMul, ["alpha"] = Alpha,
    };
}
