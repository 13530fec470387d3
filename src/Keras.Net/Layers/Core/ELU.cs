namespace KerasNet.Layers;

/// <summary>The exponential linear unit: <c>x</c> for x > 0, <c>alpha · (exp(x) − 1)</c> otherwise.</summary>
public sealed class ELU : Layer
{
    /// <summary>Creates the layer (Keras default: alpha 1).</summary>
    /// <param name="alpha">The scale of the negative part.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public ELU(double alpha = 1.0, string? name = null, bool trainable = true) : base(name, trainable)
    {
        if (!double.IsFinite(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"ELU: alpha must be a finite number; received {alpha}.");
        Alpha = alpha;
    }

    /// <summary>The scale of the negative part.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    public override bool SupportsMasking => true;

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context) => F.elu(inputs, Alpha);

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(), ("alpha", Alpha));
}
