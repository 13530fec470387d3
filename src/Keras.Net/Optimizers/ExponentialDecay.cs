namespace KerasNet.Optimizers;

/// <summary>initial × rate^(step / decaySteps), with the exponent floored when <see cref="PeriodDecaySchedule.Staircase"/>.</summary>
public sealed class ExponentialDecay : PeriodDecaySchedule
{
    /// <summary>Creates the schedule.</summary>
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, bool staircase = false)
        : base(initialLearningRate, decaySteps, OptimizerArguments.Positive(nameof(ExponentialDecay), decayRate, nameof(decayRate)), staircase) { }

    /// <inheritdoc/>
    public override double Call(long step) => InitialLearningRate * Math.Pow(DecayRate, Periods(step));
}
