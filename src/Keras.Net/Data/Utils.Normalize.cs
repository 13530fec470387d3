namespace KerasNet;

public static partial class Utils
{
    /// <summary>
    /// Keras's <c>normalize</c>: divides <paramref name="x"/> by its <paramref name="order"/>-norm along
    /// <paramref name="axis"/>, the norm floored at <see cref="Config.Epsilon"/> so that zero vectors stay zero. For
    /// order 2 this is <c>x · rsqrt(max(Σx², ε²))</c>, as Keras computes it.
    /// </summary>
    /// <param name="x">A floating-point tensor.</param>
    /// <param name="axis">The axis along which to normalize (negative counts from the end).</param>
    /// <param name="order">The norm's order, 1 or more (2: Euclidean).</param>
    /// <exception cref="ArgumentException">The tensor is not floating point, or the axis is out of range.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The order is below 1.</exception>
    public static Tensor Normalize(Tensor x, int axis = -1, int order = 2)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (order < 1) throw new ArgumentOutOfRangeException(nameof(order), order, "Normalize: order must be an integer of 1 or more (2: the Euclidean norm).");
        if (!x.is_floating_point())
            throw new ArgumentException($"Normalize expects a floating-point tensor; received {x.dtype.ToTorchName()}. Convert it, e.g. x.to(ScalarType.Float32).", nameof(x));
        using var scope = torch.NewDisposeScope();
        var input = x.dim() == 0 ? x.unsqueeze(0) : x;
        var rank = input.dim();
        if (axis < -rank || axis >= rank)
            throw new ArgumentException($"Normalize: axis {axis} is out of range for a tensor of shape {Shape.Format(x.shape)} (rank {rank}).", nameof(axis));
        var epsilon = Config.Epsilon;
        Tensor result;
        if (order == 2)
            result = input * input.square().sum(new long[] { axis }, keepdim: true).clamp_min(epsilon * epsilon).rsqrt();
        else
            result = input / torch.linalg.vector_norm(input, order, new long[] { axis }, keepdim: true).clamp_min(epsilon);
        return result.MoveToOuterDisposeScope();
    }
}
