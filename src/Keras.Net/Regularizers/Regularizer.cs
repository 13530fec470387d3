using KerasNet.Serialization;

namespace KerasNet.Regularizers;

/// <summary>A penalty on a weight, added to the training loss.</summary>
public abstract class Regularizer : IKerasSerializable
{
    /// <summary>The penalty (a scalar tensor) for <paramref name="weight"/>.</summary>
    public abstract Tensor Call(Tensor weight);

    /// <inheritdoc/>
    public abstract Dictionary<string, object?> GetConfig();

    /// <summary>"l1", "l2" or "l1_l2" with Keras's default factor 0.01.</summary>
    public static Regularizer Get(string identifier) => identifier.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant() switch
    {
        "l1" => new L1(),
        "l2" => new L2(),
        "l1l2" => new L1L2(0.01, 0.01),
        _ => throw new ArgumentException($"Unknown regularizer '{identifier}'. Expected 'l1', 'l2' or 'l1_l2'.", nameof(identifier)),
    };

    /// <summary>Allows <c>kernelRegularizer: "l2"</c>.</summary>
    public static implicit operator Regularizer(string identifier) => Get(identifier);

    /// <summary>Checks a regularization factor.</summary>
    protected static double CheckFactor(double value, string name) =>
        value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"The {name} regularization factor must be a finite number >= 0.");
}

/// <summary>l1 * sum(|w|).</summary>
public sealed class L1 : Regularizer
{
    /// <summary>Creates the regularizer.</summary>
    public L1(double l1 = 0.01) => Factor = CheckFactor(l1, nameof(l1));
    /// <summary>The factor.</summary>
    public double Factor { get; }
    /// <inheritdoc/>
    public override Tensor Call(Tensor weight)
    {
        using var abs = weight.abs();
        using var sum = abs.sum();
        return sum * Factor;
    }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["l1"] = Factor };
}

/// <summary>l2 * sum(w²).</summary>
public sealed class L2 : Regularizer
{
    /// <summary>Creates the regularizer.</summary>
    public L2(double l2 = 0.01) => Factor = CheckFactor(l2, nameof(l2));
    /// <summary>The factor.</summary>
    public double Factor { get; }
    /// <inheritdoc/>
    public override Tensor Call(Tensor weight)
    {
        using var square = weight.square();
        using var sum = square.sum();
        return sum * Factor;
    }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["l2"] = Factor };
}

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
        using var l1 = new L1(L1).Call(weight);
        using var l2 = new L2(L2).Call(weight);
        return l1 + l2;
    }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["l1"] = L1, ["l2"] = L2 };
}
