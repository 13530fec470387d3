using KerasNet.MixedPrecision;
using KerasNet.Initializers;
using KerasNet.Serialization;

namespace KerasNet.Layers;

/// <summary>
/// The options LayerNormalization and GroupNormalization share: epsilon, and an optional learned scale (gamma, ones)
/// and offset (beta, zeros) over the normalized channels.
/// </summary>
public abstract class AffineNormalization : Layer
{
    /// <summary>Statistics in float32 under a mixed policy, as Keras: inputs are cast up, outputs back to the compute dtype.</summary>
    internal override AutocastMode AutocastMode => AutocastMode.Float32;

    /// <summary>Creates the layer; <paramref name="epsilon"/> must be positive.</summary>
    private protected AffineNormalization(double epsilon, bool center, bool scale, Initializer? betaInitializer, Initializer? gammaInitializer,
                                          string? name, bool trainable)
        : base(name, trainable)
    {
        Epsilon = epsilon > 0 ? epsilon : throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"{GetType().Name}: epsilon must be positive.");
        Center = center;
        Scale = scale;
        BetaInitializer = betaInitializer ?? new Zeros();
        GammaInitializer = gammaInitializer ?? new Ones();
    }

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

    /// <summary>The learned scale, if <see cref="Scale"/>.</summary>
    private protected Variable? Gamma { get; private set; }
    /// <summary>The learned offset, if <see cref="Center"/>.</summary>
    private protected Variable? Beta { get; private set; }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <summary>Creates gamma and beta (as configured) of <paramref name="shape"/>.</summary>
    private protected void AddScaleAndOffset(long[] shape)
    {
        if (Scale) Gamma = AddWeight("gamma", shape, GammaInitializer);
        if (Center) Beta = AddWeight("beta", shape, BetaInitializer);
    }

    /// <summary>Adds epsilon, center, scale and the two initializers to a config, after the layer's own keys.</summary>
    private protected Dictionary<string, object?> WithScaleAndOffset(Dictionary<string, object?> config)
    {
        config["epsilon"] = Epsilon;
        config["center"] = Center;
        config["scale"] = Scale;
        config["beta_initializer"] = KerasRegistry.Serialize(BetaInitializer);
        config["gamma_initializer"] = KerasRegistry.Serialize(GammaInitializer);
        return config;
    }
}
