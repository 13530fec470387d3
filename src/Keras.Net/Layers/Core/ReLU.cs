namespace KerasNet.Layers;

/// <summary>
/// The rectified linear unit with Keras's options: <c>max(x, 0)</c> by default; values above <see cref="Threshold"/>
/// pass, those below are scaled by <see cref="NegativeSlope"/> (relative to the threshold), and the result is
/// capped at <see cref="MaxValue"/> when one is given.
/// </summary>
public sealed class ReLU : Layer
{
    /// <summary>Creates the layer (Keras defaults: no cap, slope 0, threshold 0).</summary>
    /// <param name="maxValue">The cap of the output, if any; must be >= 0.</param>
    /// <param name="negativeSlope">The slope below the threshold; must be >= 0.</param>
    /// <param name="threshold">The value below which inputs are damped.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public ReLU(double? maxValue = null, double negativeSlope = 0.0, double threshold = 0.0, string? name = null, bool trainable = true) : base(name, trainable)
    {
        if (maxValue is { } m && (m < 0 || double.IsNaN(m)))
            throw new ArgumentOutOfRangeException(nameof(maxValue), maxValue, $"ReLU: maxValue must be >= 0 or null (no cap); received {m}.");
        if (negativeSlope < 0 || double.IsNaN(negativeSlope))
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, $"ReLU: negativeSlope must be >= 0; received {negativeSlope}.");
        if (!double.IsFinite(threshold))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"ReLU: threshold must be a finite number; received {threshold}.");
        MaxValue = maxValue;
        NegativeSlope = negativeSlope;
        Threshold = threshold;
    }

    /// <summary>The cap of the output, if any.</summary>
    public double? MaxValue { get; }
    /// <summary>The slope below the threshold.</summary>
    public double NegativeSlope { get; }
    /// <summary>The value below which inputs are damped.</summary>
    public double Threshold { get; }

    /// <inheritdoc/>
    public override bool SupportsMasking => true;

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        if (MaxValue is null && Threshold == 0) return NegativeSlope == 0 ? F.relu(inputs) : F.leaky_relu(inputs, NegativeSlope);
        using var scope = torch.NewDisposeScope();
        // Keras's composition: keep x above the threshold, clip to [0, max], then subtract slope · relu(threshold − x).
        var y = Threshold == 0 ? F.relu(inputs) : inputs * inputs.gt(Threshold).to(inputs.dtype);
        if (MaxValue is { } max) y = y.clamp(0.0, max);
        if (NegativeSlope != 0) y = y - NegativeSlope * F.relu(Threshold - inputs);
        return y.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        With(base.GetConfig(), ("max_value", MaxValue), ("negative_slope", NegativeSlope), ("threshold", Threshold));
}
