
namespace KerasNet.Constraints;

/// <summary>Sets negative weights to zero.</summary>
public sealed class NonNeg : Constraint
{
    /// <inheritdoc/>
    public override Tensor Call(Tensor weight) => weight.clamp(min: 0.0);
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new();
}
