
namespace KerasNet.Constraints;

/// <summary>Rescales each column (incoming weights of a unit) to a norm of at most <see cref="MaxValue"/>.</summary>
public sealed class MaxNorm : Constraint
{
    /// <summary>Creates the constraint (Keras defaults: 2, axis 0).</summary>
    public MaxNorm(double maxValue = 2.0, int axis = 0)
    {
        MaxValue = maxValue > 0 ? maxValue : throw new ArgumentOutOfRangeException(nameof(maxValue), maxValue, "MaxNorm: maxValue must be positive.");
        Axis = axis;
    }
    /// <summary>The largest norm allowed.</summary>
    public double MaxValue { get; }
    /// <summary>The axis along which norms are computed (Keras's kernel layout).</summary>
    public int Axis { get; }
    /// <inheritdoc/>
    public override Tensor Call(Tensor weight)
    {
        using var scope = torch.NewDisposeScope();
        var norms = weight.square().sum(NormAxes(weight, Axis), keepdim: true).sqrt();
        var desired = norms.clamp(0, MaxValue);
        return (weight * (desired / (norms + Config.Epsilon))).MoveToOuterDisposeScope();
    }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["max_value"] = MaxValue, ["axis"] = Axis };
}
