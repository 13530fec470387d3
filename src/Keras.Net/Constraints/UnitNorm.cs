
namespace KerasNet.Constraints;

/// <summary>Rescales each column to unit norm.</summary>
public sealed class UnitNorm : Constraint
{
    /// <summary>Creates the constraint (Keras default axis 0).</summary>
    public UnitNorm(int axis = 0) => Axis = axis;
    /// <summary>The axis along which norms are computed (Keras's kernel layout).</summary>
    public int Axis { get; }
    /// <inheritdoc/>
    public override Tensor Call(Tensor weight)
    {
        using var scope = torch.NewDisposeScope();
        var norms = weight.square().sum(NormAxes(weight, Axis), keepdim: true).sqrt();
        return (weight / (norms + Config.Epsilon)).MoveToOuterDisposeScope();
    }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["axis"] = Axis };
}
