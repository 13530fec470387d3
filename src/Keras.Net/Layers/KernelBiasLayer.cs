using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// A layer whose weights are kernels and (optionally) biases with Keras's <c>kernel_*</c> and <c>bias_*</c> options:
/// Dense, the convolutions, the transposed convolutions, the recurrent layers and MultiHeadAttention. It holds those
/// options and creates the weights from them; each subclass takes them as flat constructor arguments.
/// </summary>
public abstract class KernelBiasLayer : Layer
{
    private protected KernelBiasLayer(bool useBias, WeightOptions kernelOptions, WeightOptions biasOptions, string? name, bool trainable)
        : base(name, trainable)
    {
        UseBias = useBias;
        KernelOptions = kernelOptions;
        BiasOptions = biasOptions;
    }

    /// <summary>Whether the layer has biases.</summary>
    public bool UseBias { get; }
    /// <summary>The kernels' initializer.</summary>
    public Initializer KernelInitializer => KernelOptions.Initializer;
    /// <summary>The biases' initializer.</summary>
    public Initializer BiasInitializer => BiasOptions.Initializer;
    /// <summary>The kernels' regularizer.</summary>
    public Regularizer? KernelRegularizer => KernelOptions.Regularizer;
    /// <summary>The biases' regularizer.</summary>
    public Regularizer? BiasRegularizer => BiasOptions.Regularizer;
    /// <summary>The kernels' constraint.</summary>
    public Constraint? KernelConstraint => KernelOptions.Constraint;
    /// <summary>The biases' constraint.</summary>
    public Constraint? BiasConstraint => BiasOptions.Constraint;

    private protected WeightOptions KernelOptions { get; }
    private protected WeightOptions BiasOptions { get; }

    /// <summary>Creates a kernel with the kernel options; <paramref name="fans"/> where the shape alone does not give Keras's.</summary>
    private protected Variable AddKernel(string name, long[] shape, (long In, long Out)? fans = null) =>
        AddWeight(name, shape, KernelOptions.Initializer, regularizer: KernelOptions.Regularizer, constraint: KernelOptions.Constraint, fans: fans);

    /// <summary>
    /// Creates a kernel of rank 3 or more (an attention projection) with the fans Keras computes for it: the receptive
    /// field is the product of every axis but the last two, so initial scales match Keras's.
    /// </summary>
    private protected Variable AddKernelWithKerasFans(string name, long[] shape)
    {
        var receptive = shape.Take(shape.Length - 2).Aggregate(1L, (a, b) => a * b);
        return AddKernel(name, shape, (shape[^2] * receptive, shape[^1] * receptive));
    }

    /// <summary>Creates a bias with the bias options.</summary>
    private protected Variable AddBias(string name, long[] shape) =>
        AddWeight(name, shape, BiasOptions.Initializer, regularizer: BiasOptions.Regularizer, constraint: BiasOptions.Constraint);

    /// <summary>Creates a weight with <paramref name="options"/> (a kernel other than the main one: LSTM's recurrent kernel).</summary>
    private protected Variable AddWeight(string name, long[] shape, WeightOptions options) =>
        AddWeight(name, shape, options.Initializer, regularizer: options.Regularizer, constraint: options.Constraint);

    /// <summary>The kernel and bias options in Keras's config order.</summary>
    private protected void WriteKernelBiasConfig(Dictionary<string, object?> config) => WeightOptions.Write(config, new[] { KernelOptions, BiasOptions });
}
