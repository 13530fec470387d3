using KerasNet.Activations;

namespace KerasNet.Layers;

/// <summary>Applies an activation function.</summary>
public sealed class Activation : Layer
{
    /// <summary>Creates the layer.</summary>
    public Activation(ActivationFunction activation, string? name = null, bool trainable = true) : base(name, trainable) =>
        Function = activation ?? throw new ArgumentNullException(nameof(activation));

    /// <summary>The function.</summary>
    public ActivationFunction Function { get; }

    /// <inheritdoc/>
    public override bool SupportsMasking => true;

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context) => Function.Call(inputs);

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["activation"] = Function.Name;
        return config;
    }
}
