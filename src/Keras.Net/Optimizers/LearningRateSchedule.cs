using KerasNet.Serialization;

namespace KerasNet.Optimizers;

/// <summary>A learning rate that depends on the optimizer's step count (from 0), as Keras's schedules.</summary>
public abstract class LearningRateSchedule : IKerasSerializable
{
    /// <summary>The learning rate at <paramref name="step"/>.</summary>
    public abstract double Call(long step);

    /// <inheritdoc/>
    public abstract Dictionary<string, object?> GetConfig();

    /// <summary>Checks that a schedule argument is a positive finite number.</summary>
    protected double Positive(double value, string name) => OptimizerArguments.Positive(GetType().Name, value, name);

    /// <summary>Checks that a schedule's step count is at least 1.</summary>
    protected long Steps(long value, string name) => OptimizerArguments.Steps(GetType().Name, value, name);
}
