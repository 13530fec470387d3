
namespace KerasNet.Regularizers;

/// <summary>l2 * sum(w²).</summary>
public sealed class L2 : Regularizer
{
    /// <summary>Creates the regularizer.</summary>
    public L2(double l2 = 0.01) => Factor = CheckFactor(l2, nameof(l2));
    /// <summary>The factor.</summary>
    public double Factor { get; }
    /// <inheritdoc/>
    public override Tensor Call(Tensor weight) => L2Penalty(weight, Factor);
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["l2"] = Factor };
}
