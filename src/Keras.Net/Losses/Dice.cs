namespace KerasNet.Losses;

/// <summary>
/// 1 − 2·Σ(y_true·y_pred) / (Σ y_true + Σ y_pred + ε), the Dice loss of segmentation, with the sums over
/// <see cref="Axis"/> (every axis by default, giving one value for the batch; e.g. <c>axis: new[] { 1, 2, 3 }</c>
/// gives one value per image).
/// </summary>
public sealed class Dice : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">How the values are reduced.</param>
    /// <param name="name">The loss name.</param>
    /// <param name="axis">The axes summed over; null for all of them.</param>
    public Dice(Reduction reduction = Reduction.SumOverBatchSize, string name = "dice", int[]? axis = null) : base(name, reduction) =>
        Axis = axis?.ToArray();

    /// <summary>The axes summed over; null for all of them.</summary>
    public int[]? Axis { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred) => CallMatched(yTrue, yPred, (t, p) =>
    {
        var intersection = SumOver(t * p, Axis);
        return 1.0 - 2.0 * intersection / (SumOver(t, Axis) + SumOver(p, Axis) + Config.Epsilon);
    });

    /// <summary>The sum of <paramref name="values"/> over <paramref name="axis"/> (over everything when null), with the axes checked.</summary>
    internal static Tensor SumOver(Tensor values, int[]? axis)
    {
        if (axis is null) return values.sum();
        var rank = values.dim();
        foreach (var a in axis)
            if (a < -rank || a >= rank)
                throw new ArgumentOutOfRangeException(nameof(axis), a, $"Axis {a} is out of range for inputs of shape {Shape.Format(values.shape)}; expected axes in [{-rank}, {rank - 1}].");
        return values.sum(axis.Select(a => (long)a).ToArray());
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = Axis;
        return config;
    }
}
