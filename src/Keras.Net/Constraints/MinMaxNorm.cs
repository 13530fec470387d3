namespace KerasNet.Constraints;

/// <summary>
/// Moves the norm of each unit's incoming weights into [<see cref="MinValue"/>, <see cref="MaxValue"/>]: with
/// <see cref="Rate"/> r the new norm is r·clip(norm) + (1 − r)·norm. Keras defaults: [0, 1], rate 1, axis 0.
/// </summary>
public sealed class MinMaxNorm : Constraint
{
    /// <summary>Creates the constraint.</summary>
    /// <param name="minValue">The smallest norm, ≥ 0.</param>
    /// <param name="maxValue">The largest norm, ≥ minValue.</param>
    /// <param name="rate">In [0, 1]: how far the norm moves into the range at each step.</param>
    /// <param name="axis">The axis of Keras's kernel layout along which norms are taken.</param>
    public MinMaxNorm(double minValue = 0.0, double maxValue = 1.0, double rate = 1.0, int axis = 0)
    {
        if (!(minValue >= 0) || !double.IsFinite(minValue))
            throw new ArgumentOutOfRangeException(nameof(minValue), minValue, $"MinMaxNorm: minValue must be a finite number >= 0; received {minValue}.");
        if (!(maxValue >= minValue) || !double.IsFinite(maxValue))
            throw new ArgumentOutOfRangeException(nameof(maxValue), maxValue, $"MinMaxNorm: maxValue must be a finite number >= minValue ({minValue}); received {maxValue}.");
        if (rate is < 0 or > 1 || double.IsNaN(rate))
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"MinMaxNorm: rate must be in [0, 1]; received {rate}.");
        (MinValue, MaxValue, Rate, Axis) = (minValue, maxValue, rate, axis);
    }

    /// <summary>The smallest norm.</summary>
    public double MinValue { get; }
    /// <summary>The largest norm.</summary>
    public double MaxValue { get; }
    /// <summary>How far the norm moves into the range at each step.</summary>
    public double Rate { get; }
    /// <summary>The axis along which norms are computed (Keras's kernel layout).</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor weight)
    {
        using var scope = torch.NewDisposeScope();
        var norms = weight.square().sum(NormAxes(weight, Axis), keepdim: true).sqrt();
        var desired = norms.clamp(MinValue, MaxValue) * Rate + norms * (1 - Rate);
        return (weight * (desired / (norms + Config.Epsilon))).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["min_value"] = MinValue, ["max_value"] = MaxValue, ["rate"] = Rate, ["axis"] = Axis };
}
