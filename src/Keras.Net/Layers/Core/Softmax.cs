namespace KerasNet.Layers;

/// <summary>
/// The softmax along <see cref="Axis"/>. With a mask (true = keep), masked positions get a probability of 0 and the
/// rest share all of it; a mask of one rank less than the input (a sequence mask) masks whole steps.
/// </summary>
public sealed class Softmax : Layer
{
    /// <summary>Creates the layer (Keras default: the last axis).</summary>
    /// <param name="axis">The axis normalized; negative counts from the end.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public Softmax(int axis = -1, string? name = null, bool trainable = true) : base(name, trainable)
    {
        if (axis == 0) throw new ArgumentOutOfRangeException(nameof(axis), axis, "Softmax: axis 0 is the batch axis; use an axis >= 1 or a negative one (-1 is the last).");
        Axis = axis;
    }

    /// <summary>The axis normalized.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public override bool SupportsMasking => true;

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (Axis >= inputShape.Rank || Axis < -inputShape.Rank + 1)
            throw ShapeError($"an input with axis {Axis} after the batch axis", inputShape, $"Pass an axis between 1 and {inputShape.Rank - 1}, or between -{inputShape.Rank - 1} and -1.");
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        if (context.Mask is not { } mask) return F.softmax(inputs, Axis);
        using var scope = torch.NewDisposeScope();
        var keep = mask.dtype == ScalarType.Bool ? mask : mask.gt(0.5);
        if (keep.dim() == inputs.dim() - 1) keep = keep.unsqueeze(-1);
        // The lowest finite value rather than -inf: a fully masked row then gives finite values, zeroed below.
        var lowest = inputs.dtype == ScalarType.Float64 ? double.MinValue : inputs.dtype == ScalarType.Float32 ? float.MinValue : -65504.0;
        var masked = inputs.masked_fill(keep.logical_not(), lowest);
        return (F.softmax(masked, Axis) * keep.to(inputs.dtype)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(), ("axis", Axis));
}
