namespace KerasNet.Layers;

/// <summary>Scales each input to unit L2 norm along <see cref="Axis"/>: x / max(‖x‖₂, 1e-12).</summary>
public sealed class UnitNormalization : Layer
{
    private const double Epsilon = 1e-12;

    /// <summary>Creates the layer (Keras default: the last axis).</summary>
    /// <param name="axis">The axis normalized; negative counts from the end.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public UnitNormalization(int axis = -1, string? name = null, bool trainable = true) : base(name, trainable)
    {
        if (axis == 0) throw new ArgumentOutOfRangeException(nameof(axis), axis, "UnitNormalization: axis 0 is the batch axis; use an axis >= 1 or a negative one (-1 is the last).");
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
        // vector_norm's gradient at a zero vector is 0 (sqrt of a sum of squares would give NaN there).
        using var norm = torch.linalg.vector_norm(inputs, 2, new long[] { Axis }, keepdim: true);
        using var clamped = norm.clamp_min(Epsilon);
        return inputs / clamped;
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(), ("axis", Axis));
}
