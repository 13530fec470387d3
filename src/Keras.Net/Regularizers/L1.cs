
namespace KerasNet.Regularizers;

/// <summary>l1 * sum(|w|).</summary>
public sealed class L1 : Regularizer
{
    /// <summary>Creates the regularizer.</summary>
    public L1(double l1 = 0.01) => Factor = CheckFactor(l1, nameof(l1));
    /// <summary>The factor.</summary>
    public double Factor { get; }
    /// <inheritdoc/>
    public override Tensor Call(Tensor weight) => L1Penalty(weight, Factor);
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["l1"] = Factor };
}
