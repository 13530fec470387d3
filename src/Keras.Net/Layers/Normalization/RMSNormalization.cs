using KerasNet.MixedPrecision;
using KerasNet.Initializers;

namespace KerasNet.Layers;

/// <summary>
/// Root-mean-square normalization (Zhang and Sennrich 2019), as Keras's <c>RMSNormalization</c>:
/// <c>x · rsqrt(mean(x², axis) + epsilon) · scale</c>, with a learned <c>scale</c> (ones) over the normalized axis.
/// No centering and no offset. Keras defaults: axis -1, epsilon 1e-6.
/// </summary>
public sealed class RMSNormalization : Layer
{
    /// <summary>Statistics in float32 under a mixed policy, as Keras: inputs are cast up, outputs back to the compute dtype.</summary>
    internal override AutocastMode AutocastMode => AutocastMode.Float32;

    private Variable? scale;

    /// <summary>Creates the layer.</summary>
    /// <param name="axis">The normalized axis (not the batch axis); negative counts from the end.</param>
    /// <param name="epsilon">Added to the mean square.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether training updates the scale.</param>
    public RMSNormalization(int axis = -1, double epsilon = 1e-6, string? name = null, bool trainable = true)
        : base(name, trainable)
    {
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"RMSNormalization: epsilon must be positive; received {epsilon}.");
        Axis = axis;
        Epsilon = epsilon;
    }

    /// <summary>The normalized axis.</summary>
    public int Axis { get; }
    /// <summary>Added to the mean square.</summary>
    public double Epsilon { get; }
    private int Resolved(int rank) => Axis < 0 ? Axis + rank : Axis;

    /// <inheritdoc/>
    public override bool SupportsMasking => true;

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        var axis = Resolved(inputShape.Rank);
        if (axis < 1 || axis >= inputShape.Rank || inputShape[axis] is null)
            throw ShapeError($"a known size on the normalized axis {Axis}, which must not be the batch axis", inputShape);
        if (scale is not null && inputShape[axis] != scale.Shape[0])
            throw ShapeError($"{scale.Shape[0]} features on axis {Axis} (it was built for them)", inputShape);
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape) =>
        scale = AddWeight("scale", new[] { inputShape[Resolved(inputShape.Rank)]!.Value }, new Ones());

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        var rank = (int)inputs.dim();
        var axis = Resolved(rank);
        using var scope = torch.NewDisposeScope();
        var normalized = inputs * (inputs.square().mean(new long[] { axis }, keepdim: true) + Epsilon).rsqrt();
        var broadcast = Enumerable.Range(0, rank).Select(i => i == axis ? inputs.size(i) : 1L).ToArray();
        var output = normalized * (axis == rank - 1 ? scale!.Value : scale!.Value.view(broadcast));
        return output.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(), ("axis", Axis), ("epsilon", Epsilon));
}
