
namespace KerasNet.Regularizers;

/// <summary>l1 * sum(|w|) + l2 * sum(w²).</summary>
public sealed class L1L2 : Regularizer
{
    /// <summary>Creates the regularizer (Keras defaults: both 0).</summary>
    public L1L2(double l1 = 0.0, double l2 = 0.0)
    {
        L1 = CheckFactor(l1, nameof(l1));
        L2 = CheckFactor(l2, nameof(l2));
    }
    /// <summary>The L1 factor.</summary>
    public double L1 { get; }
    /// <summary>The L2 factor.</summary>
    public double L2 { get; }
    /// <inheritdoc/>
    public override Tensor Call(Tensor weight)
    {
        using var l1 = L1Penalty(weight, L1);
        using var l2 = L2Penalty(weight, L2);
        return l1 + l2;
    }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["l1"] = L1, ["l2"] = L2 };
}
