
namespace KerasNet.Activations;

/// <summary>
/// A named elementwise (or last-axis, for softmax) function, as Keras's <c>activation="relu"</c>.
/// Only named activations can be saved in a config.
/// </summary>
public sealed class ActivationFunction
{
    private readonly Func<Tensor, Tensor> function;

    private ActivationFunction(string name, Func<Tensor, Tensor> function, bool builtIn = true)
    {
        Name = name;
        this.function = function;
        IsBuiltIn = builtIn;
    }

    /// <summary>The Keras name, e.g. <c>relu</c>.</summary>
    public string Name { get; }

    /// <summary>True for the functions of <see cref="Get"/>; false for <see cref="Custom"/> ones, whatever their name.</summary>
    internal bool IsBuiltIn { get; }

    /// <summary>True for the identity ("linear").</summary>
    public bool IsLinear => Name == "linear";

    /// <summary>Applies the function.</summary>
    public Tensor Call(Tensor x) => function(x);

    /// <summary>
    /// Applies the function to a tensor the caller has just created and owns alone (a layer's pre-activation),
    /// in place where that is exact (ReLU), saving an allocation and a pass over memory; otherwise as <see cref="Call"/>.
    /// The result may be <paramref name="freshOutput"/> itself.
    /// </summary>
    internal Tensor CallOnFreshOutput(Tensor freshOutput) => Name == "relu" ? freshOutput.relu_() : function(freshOutput);

    /// <summary>The activation named <paramref name="name"/>, or the identity for null.</summary>
    public static ActivationFunction Get(string? name) => (name ?? "linear").ToLowerInvariant() switch
    {
        "linear" or "" => new("linear", x => x.alias()),
        "relu" => new("relu", x => F.relu(x)),
        "relu6" => new("relu6", x => F.relu6(x)),
        "leaky_relu" => new("leaky_relu", x => F.leaky_relu(x, 0.2)),
        "elu" => new("elu", x => F.elu(x, 1.0)),
        "selu" => new("selu", x => F.selu(x)),
        "gelu" => new("gelu", x => F.gelu(x)),
        "silu" or "swish" => new("silu", x => F.silu(x)),
        "mish" => new("mish", x => F.mish(x)),
        "sigmoid" => new("sigmoid", x => x.sigmoid()),
        "hard_sigmoid" => new("hard_sigmoid", x => F.hardsigmoid(x)),
        "hard_swish" or "hard_silu" => new("hard_silu", x => F.hardswish(x)),
        "tanh" => new("tanh", x => x.tanh()),
        "softmax" => new("softmax", x => F.softmax(x, -1)),
        "log_softmax" => new("log_softmax", x => F.log_softmax(x, -1)),
        "softplus" => new("softplus", x => F.softplus(x)),
        "softsign" => new("softsign", x => F.softsign(x)),
        "exponential" => new("exponential", x => x.exp()),
        _ => throw new ArgumentException(
            $"Unknown activation '{name}'. Expected one of linear, relu, relu6, leaky_relu, elu, selu, gelu, silu (swish), mish, sigmoid, hard_sigmoid, hard_silu, tanh, softmax, log_softmax, softplus, softsign, exponential.",
            nameof(name)),
    };

    /// <summary>A custom activation; it cannot be saved in a config unless given a registered name.</summary>
    public static ActivationFunction Custom(string name, Func<Tensor, Tensor> function) => new(name, function, builtIn: false);

    /// <summary>Allows <c>activation: "relu"</c>.</summary>
    public static implicit operator ActivationFunction(string name) => Get(name);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
