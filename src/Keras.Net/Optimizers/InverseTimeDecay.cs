namespace KerasNet.Optimizers;

/// <summary>initial / (1 + rate × step / decaySteps), floored with <see cref="PeriodDecaySchedule.Staircase"/>.</summary>
public sealed class InverseTimeDecay : PeriodDecaySchedule
{
    /// <summary>Creates the schedule.</summary>
    public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate, bool staircase = false)
        : base(initialLearningRate, decaySteps, decayRate, staircase) { }

    /// <inheritdoc/>
    public override double Call(long step) => InitialLearningRate / (1 + DecayRate * Periods(step));
}
