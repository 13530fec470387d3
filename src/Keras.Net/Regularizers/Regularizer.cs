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
        "orthogonalregularizer" => new OrthogonalRegularizer(),
        _ => throw new ArgumentException($"Unknown regularizer '{identifier}'. Expected 'l1', 'l2', 'l1_l2' or 'orthogonal_regularizer'.", nameof(identifier)),
    };

    /// <summary>Allows <c>kernelRegularizer: "l2"</c>.</summary>
    public static implicit operator Regularizer(string identifier) => Get(identifier);

    /// <summary><paramref name="factor"/> × sum(|w|).</summary>
    protected static Tensor L1Penalty(Tensor weight, double factor)
    {
        using var abs = weight.abs();
        using var sum = abs.sum();
        return sum * factor;
    }

    /// <summary><paramref name="factor"/> × sum(w²).</summary>
    protected static Tensor L2Penalty(Tensor weight, double factor)
    {
        using var square = weight.square();
        using var sum = square.sum();
        return sum * factor;
    }

    /// <summary>Checks a regularization factor.</summary>
    protected static double CheckFactor(double value, string name) =>
        value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"The {name} regularization factor must be a finite number >= 0.");
}
