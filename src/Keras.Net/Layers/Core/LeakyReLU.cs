namespace KerasNet.Layers;

/// <summary>The leaky rectified linear unit: <c>x</c> for x >= 0, <c>negativeSlope · x</c> below.</summary>
public sealed class LeakyReLU : Layer
{
    /// <summary>Creates the layer (Keras default: slope 0.3).</summary>
    /// <param name="negativeSlope">The slope for negative inputs; must be >= 0.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public LeakyReLU(double negativeSlope = 0.3, string? name = null, bool trainable = true) : base(name, trainable)
    {
        if (negativeSlope < 0 || !double.IsFinite(negativeSlope))
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, $"LeakyReLU: negativeSlope must be a finite number >= 0; received {negativeSlope}.");
        NegativeSlope = negativeSlope;
    }

    /// <summary>The slope for negative inputs.</summary>
    public double NegativeSlope { get; }

    /// <inheritdoc/>
    public override bool SupportsMasking => true;

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context) => F.leaky_relu(inputs, NegativeSlope);

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(), ("negative_slope", NegativeSlope));
}
