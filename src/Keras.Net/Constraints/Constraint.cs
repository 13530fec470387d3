using KerasNet.Serialization;

namespace KerasNet.Constraints;

/// <summary>A projection applied to a weight after every optimizer update.</summary>
public abstract class Constraint : IKerasSerializable
{
    /// <summary>The projected value of <paramref name="weight"/>.</summary>
    public abstract Tensor Call(Tensor weight);

    /// <inheritdoc/>
    public abstract Dictionary<string, object?> GetConfig();

    /// <summary>"max_norm", "min_max_norm", "non_neg" or "unit_norm" with Keras's defaults.</summary>
    public static Constraint Get(string identifier) => identifier.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant() switch
    {
        "maxnorm" => new MaxNorm(),
        "nonneg" => new NonNeg(),
        "unitnorm" => new UnitNorm(),
        "minmaxnorm" => new MinMaxNorm(),
        _ => throw new ArgumentException($"Unknown constraint '{identifier}'. Expected 'max_norm', 'min_max_norm', 'non_neg' or 'unit_norm'.", nameof(identifier)),
    };

    /// <summary>Allows <c>kernelConstraint: "non_neg"</c>.</summary>
    public static implicit operator Constraint(string identifier) => Get(identifier);

    /// <summary>
    /// The axes over which a norm is taken: Keras's <paramref name="axis"/> refers to its kernel layout; for kernels of
    /// rank ≥ 3, stored here in PyTorch's (out, in, *kernel) layout, every axis but the output axis 0 is used, which is
    /// the same set of elements Keras's default axis selects (all but the last, output, axis).
    /// </summary>
    protected static long[] NormAxes(Tensor weight, int axis)
    {
        var rank = (int)weight.dim();
        if (rank <= 1) return new long[] { 0 };
        if (rank == 2) return new long[] { axis < 0 ? axis + 2 : axis };
        return Enumerable.Range(1, rank - 1).Select(i => (long)i).ToArray();
    }
}
