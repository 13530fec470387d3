using KerasNet.Serialization;

namespace KerasNet.Constraints;

/// <summary>A projection applied to a weight after every optimizer update.</summary>
public abstract class Constraint : IKerasSerializable
{
    /// <summary>The projected value of <paramref name="weight"/>.</summary>
    public abstract Tensor Call(Tensor weight);

    /// <inheritdoc/>
    public abstract Dictionary<string, object?> GetConfig();

    /// <summary>"max_norm", "non_neg" or "unit_norm" with Keras's defaults.</summary>
    public static Constraint Get(string identifier) => identifier.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant() switch
    {
        "maxnorm" => new MaxNorm(),
        "nonneg" => new NonNeg(),
        "unitnorm" => new UnitNorm(),
        _ => throw new ArgumentException($"Unknown constraint '{identifier}'. Expected 'max_norm', 'non_neg' or 'unit_norm'.", nameof(identifier)),
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

/// <summary>Sets negative weights to zero.</summary>
public sealed class NonNeg : Constraint
{
    /// <inheritdoc/>
    public override Tensor Call(Tensor weight) => weight.clamp(min: 0.0);
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new();
}

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
