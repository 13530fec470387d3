namespace KerasNet.Optimizers;

/// <summary>(initial - end) × (1 - step / decaySteps)^power + end; with <see cref="Cycle"/>, decaySteps grows to the next multiple.</summary>
public sealed class PolynomialDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule (Keras defaults: end 1e-4, power 1).</summary>
    public PolynomialDecay(double initialLearningRate, long decaySteps, double endLearningRate = 1e-4, double power = 1.0, bool cycle = false)
    {
        (InitialLearningRate, DecaySteps) = (Positive(initialLearningRate, nameof(initialLearningRate)), Steps(decaySteps, nameof(decaySteps)));
        (EndLearningRate, Power) = (endLearningRate, power);
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
