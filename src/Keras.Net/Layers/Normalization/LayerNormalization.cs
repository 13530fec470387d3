using KerasNet.Initializers;

namespace KerasNet.Layers;

/// <summary>Normalizes each sample over <see cref="Axes"/> (the last axis by default). Keras default epsilon 1e-3.</summary>
public sealed class LayerNormalization : AffineNormalization
{
    /// <summary>Creates the layer.</summary>
    public LayerNormalization(long[]? axis = null, double epsilon = 1e-3, bool center = true, bool scale = true,
                              Initializer? betaInitializer = null, Initializer? gammaInitializer = null, string? name = null, bool trainable = true)
        : base(epsilon, center, scale, betaInitializer, gammaInitializer, name, trainable)
    {
        Axes = axis is { Length: > 0 } ? axis : new long[] { -1 };
    }

    /// <summary>The normalized axes.</summary>
    public long[] Axes { get; }

    private long[] Resolved(int rank) => Axes.Select(a => a < 0 ? a + rank : a).OrderBy(a => a).ToArray();

    /// <inheritdoc/>
    public override bool SupportsMasking => true;

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        var axes = Resolved(inputShape.Rank);
        if (axes.Any(a => a < 1 || a >= inputShape.Rank || inputShape[(int)a] is null))
            throw ShapeError($"known sizes on the normalized axes ({string.Join(", ", Axes)}), none of them the batch axis", inputShape);
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape)
    {
        var shape = Resolved(inputShape.Rank).Select(a => inputShape[(int)a]!.Value).ToArray();
        AddScaleAndOffset(shape);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        var rank = (int)inputs.dim();
        var axes = Resolved(rank);
        var trailing = axes.SequenceEqual(Enumerable.Range(rank - axes.Length, axes.Length).Select(i => (long)i));
        if (trailing)
            return F.layer_norm(inputs, axes.Select(a => inputs.size((int)a)).ToArray(), Gamma?.Value, Beta?.Value, Epsilon);
        // Non-trailing axes: the same math written out; gamma/beta broadcast along the normalized axes.
        using var scope = torch.NewDisposeScope();
        var mean = inputs.mean(axes, keepdim: true);
        var variance = inputs.var(axes, unbiased: false, keepdim: true);
        var y = (inputs - mean) * (variance + Epsilon).rsqrt();
        var broadcast = Enumerable.Range(0, rank).Select(i => axes.Contains(i) ? inputs.size(i) : 1L).ToArray();
        if (Gamma is not null) y = y * Gamma.Value.reshape(broadcast);
        if (Beta is not null) y = y + Beta.Value.reshape(broadcast);
        return y.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = Axes;
        return WithScaleAndOffset(config);
    }
}
