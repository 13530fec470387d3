using KerasNet.Initializers;
using KerasNet.Serialization;

namespace KerasNet.Layers;

/// <summary>Normalizes each sample over <see cref="Axes"/> (the last axis by default). Keras default epsilon 1e-3.</summary>
public sealed class LayerNormalization : Layer
{
    private Variable? gamma, beta;

    /// <summary>Creates the layer.</summary>
    public LayerNormalization(long[]? axis = null, double epsilon = 1e-3, bool center = true, bool scale = true,
                              Initializer? betaInitializer = null, Initializer? gammaInitializer = null, string? name = null, bool trainable = true)
        : base(name, trainable)
    {
        Axes = axis is { Length: > 0 } ? axis : new long[] { -1 };
        Epsilon = epsilon > 0 ? epsilon : throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "LayerNormalization: epsilon must be positive.");
        Center = center;
        Scale = scale;
        BetaInitializer = betaInitializer ?? new Zeros();
        GammaInitializer = gammaInitializer ?? new Ones();
    }

    /// <summary>The normalized axes.</summary>
    public long[] Axes { get; }
    /// <summary>Added to the variance.</summary>
    public double Epsilon { get; }
    /// <summary>Whether a learned offset is added.</summary>
    public bool Center { get; }
    /// <summary>Whether a learned scale multiplies.</summary>
    public bool Scale { get; }
    /// <summary>Beta's initializer.</summary>
    public Initializer BetaInitializer { get; }
    /// <summary>Gamma's initializer.</summary>
    public Initializer GammaInitializer { get; }

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
        if (Scale) gamma = AddWeight("gamma", shape, GammaInitializer);
        if (Center) beta = AddWeight("beta", shape, BetaInitializer);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        var rank = (int)inputs.dim();
        var axes = Resolved(rank);
        var trailing = axes.SequenceEqual(Enumerable.Range(rank - axes.Length, axes.Length).Select(i => (long)i));
        if (trailing)
            return F.layer_norm(inputs, axes.Select(a => inputs.size((int)a)).ToArray(), gamma?.Value, beta?.Value, Epsilon);
        // Non-trailing axes: the same math written out; gamma/beta broadcast along the normalized axes.
        using var scope = torch.NewDisposeScope();
        var mean = inputs.mean(axes, keepdim: true);
        var variance = inputs.var(axes, unbiased: false, keepdim: true);
        var y = (inputs - mean) * (variance + Epsilon).rsqrt();
        var broadcast = Enumerable.Range(0, rank).Select(i => axes.Contains(i) ? inputs.size(i) : 1L).ToArray();
        if (gamma is not null) y = y * gamma.Value.reshape(broadcast);
        if (beta is not null) y = y + beta.Value.reshape(broadcast);
        return y.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = Axes;
        config["epsilon"] = Epsilon;
        config["center"] = Center;
        config["scale"] = Scale;
        config["beta_initializer"] = KerasRegistry.Serialize(BetaInitializer);
        config["gamma_initializer"] = KerasRegistry.Serialize(GammaInitializer);
        return config;
    }
}
