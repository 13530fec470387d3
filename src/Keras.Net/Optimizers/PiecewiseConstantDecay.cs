namespace KerasNet.Optimizers;

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
