
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
        "celu" => new("celu", x => F.celu(x, 1.0)),
        "glu" => new("glu", x => Glu(x)),
        "hard_shrink" => new("hard_shrink", x => F.hardshrink(x, 0.5)),
        "hard_tanh" => new("hard_tanh", x => x.clamp(-1.0, 1.0)),
        "log_sigmoid" => new("log_sigmoid", x => F.logsigmoid(x)),
        "soft_shrink" => new("soft_shrink", x => F.softshrink(x, 0.5)),
        "sparse_plus" => new("sparse_plus", x => SparsePlus(x)),
        "sparsemax" => new("sparsemax", x => Sparsemax(x)),
        "squareplus" => new("squareplus", x => Squareplus(x)),
        "tanh_shrink" => new("tanh_shrink", x => F.tanhshrink(x)),
        "threshold" => throw new ArgumentException(
            "The 'threshold' activation needs its threshold and default value, which a name cannot carry (Keras's threshold(x, threshold, " +
            "default_value) has no defaults either). Use ActivationFunction.Threshold(threshold, defaultValue).", nameof(name)),
        _ => throw new ArgumentException(
            $"Unknown activation '{name}'. Expected one of linear, relu, relu6, leaky_relu, elu, selu, gelu, silu (swish), mish, sigmoid, hard_sigmoid, hard_silu, tanh, softmax, log_softmax, softplus, softsign, exponential, " +
            "celu, glu, hard_shrink, hard_tanh, log_sigmoid, soft_shrink, sparse_plus, sparsemax, squareplus, tanh_shrink.",
            nameof(name)),
    };

    /// <summary>
    /// Keras's <c>threshold(x, threshold, default_value)</c>: x where x &gt; <paramref name="threshold"/>, else
    /// <paramref name="defaultValue"/>. Its name is "threshold"; a layer using it cannot be saved in a config, since the
    /// name does not carry the two values.
    /// </summary>
    public static ActivationFunction Threshold(double threshold, double defaultValue)
    {
        if (!double.IsFinite(threshold)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"threshold must be a finite number; received {threshold}.");
        return new("threshold", x => F.threshold(x, threshold, defaultValue));
    }

    private static Tensor Glu(Tensor x)
    {
        if (x.dim() == 0 || x.size(-1) % 2 != 0)
            throw new ArgumentException($"The 'glu' activation splits the last axis in two halves, so it must have an even size; received shape {Shape.Format(x.shape)}.", nameof(x));
        return F.glu(x, -1);
    }

    // 0 for x ≤ -1, (x + 1)²/4 for -1 < x < 1, x for x ≥ 1.
    private static Tensor SparsePlus(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var middle = torch.where(x.lt(1.0), (x + 1.0).square() * 0.25, x);
        return torch.where(x.le(-1.0), torch.zeros_like(x), middle).MoveToOuterDisposeScope();
    }

    // (x + sqrt(x² + b)) / 2 with Keras's default b = 4.
    private static Tensor Squareplus(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        return ((x + (x.square() + 4.0).sqrt()) * 0.5).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Sparsemax over the last axis (Martins and Astudillo, 2016): the Euclidean projection of x onto the probability
    /// simplex, max(x − τ, 0) with τ = (Σ of the k largest − 1) / k for the largest k such that
    /// 1 + k·x₍ₖ₎ &gt; Σ of the k largest.
    /// </summary>
    private static Tensor Sparsemax(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var sorted = x.sort(-1, descending: true).Values;
        var cumulative = sorted.cumsum(-1);
        var n = x.size(-1);
        var ranks = torch.arange(1, n + 1, dtype: x.dtype, device: x.device);
        var support = (ranks * sorted + 1.0).gt(cumulative);
        var k = support.sum(dim: -1, keepdim: true);
        var tau = (cumulative.gather(-1, k - 1) - 1.0) / k.to(x.dtype);
        return (x - tau).clamp(min: 0.0).MoveToOuterDisposeScope();
    }

    /// <summary>A custom activation; it cannot be saved in a config unless given a registered name.</summary>
    public static ActivationFunction Custom(string name, Func<Tensor, Tensor> function) => new(name, function, builtIn: false);

    /// <summary>Allows <c>activation: "relu"</c>.</summary>
    public static implicit operator ActivationFunction(string name) => Get(name);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
