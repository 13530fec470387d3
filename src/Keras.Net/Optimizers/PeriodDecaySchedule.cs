namespace KerasNet.Optimizers;

/// <summary>
/// A schedule that decays the initial rate by <see cref="DecayRate"/> per period of <see cref="DecaySteps"/> steps
/// (<see cref="ExponentialDecay"/>, <see cref="InverseTimeDecay"/>), counting whole periods only with
/// <see cref="Staircase"/>.
/// </summary>
public abstract class PeriodDecaySchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    protected PeriodDecaySchedule(double initialLearningRate, long decaySteps, double decayRate, bool staircase)
    {
        (InitialLearningRate, DecaySteps) = (Positive(initialLearningRate, nameof(initialLearningRate)), Steps(decaySteps, nameof(decaySteps)));
        (DecayRate, Staircase) = (decayRate, staircase);
    }

    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }
    /// <summary>Steps per decay period.</summary>
    public long DecaySteps { get; }
    /// <summary>Decay per period.</summary>
    public double DecayRate { get; }
    /// <summary>Decay in whole periods.</summary>
    public bool Staircase { get; }

    /// <summary>The number of periods at <paramref name="step"/>: <c>step / DecaySteps</c>, floored with <see cref="Staircase"/>.</summary>
    protected double Periods(long step)
    {
        var p = (double)step / DecaySteps;
        return Staircase ? Math.Floor(p) : p;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate, ["decay_steps"] = DecaySteps, ["decay_rate"] = DecayRate, ["staircase"] = Staircase,
    };
}
