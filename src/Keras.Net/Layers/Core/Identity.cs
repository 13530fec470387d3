namespace KerasNet.Layers;

/// <summary>Returns its input unchanged (a placeholder, e.g. where a block's optional stage is switched off).</summary>
public sealed class Identity : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public Identity(string? name = null, bool trainable = true) : base(name, trainable) { }

    /// <inheritdoc/>
    public override bool SupportsMasking => true;

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context) => inputs.alias();

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;
}
