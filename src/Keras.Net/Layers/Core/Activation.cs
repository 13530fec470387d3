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
    /// <remarks>
    /// Under a mixed dtype policy a softmax (or log-softmax) is computed and returned in float32, as Keras recommends
    /// for a classifier's final activation; other functions return the compute dtype.
    /// </remarks>
    protected override Tensor Call(Tensor inputs, CallContext context) =>
        Function.Name is "softmax" or "log_softmax" && DtypePolicy.IsMixed ? Function.Call(inputs.to(ScalarType.Float32)) : Function.Call(inputs);

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
