using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// A fully connected layer: <c>activation(x · kernel + bias)</c> over the last axis. The kernel has Keras's shape
/// (input features, units).
/// </summary>
public sealed class Dense : KernelBiasLayer
{
    private Variable? kernel;
    private Variable? bias;

    /// <summary>Creates the layer.</summary>
    public Dense(long units, ActivationFunction? activation = null, bool useBias = true, Initializer? kernelInitializer = null,
                 Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null,
                 Constraint? kernelConstraint = null, Constraint? biasConstraint = null, string? name = null, bool trainable = true)
        : base(useBias, WeightOptions.Kernel(kernelInitializer, kernelRegularizer, kernelConstraint),
               WeightOptions.Bias(biasInitializer, biasRegularizer, biasConstraint), name, trainable)
    {
        if (units < 1) throw new ArgumentOutOfRangeException(nameof(units), units, $"Dense: units must be a positive integer; received {units}.");
        Units = units;
        Activation = activation ?? ActivationFunction.Get("linear");
    }

    /// <summary>The number of output features.</summary>
    public long Units { get; }
    /// <summary>The activation applied to the output.</summary>
    public ActivationFunction Activation { get; }

    /// <inheritdoc/>
    public override bool SupportsMasking => true;

    /// <summary>The kernel, of shape (input features, units), once built.</summary>
    public Variable Kernel => kernel ?? throw new InvalidOperationException($"Dense '{Name}' is not built yet.");
    /// <summary>The bias, if any, once built.</summary>
    public Variable? Bias => bias;

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank < 2 || inputShape[-1] is null)
            throw ShapeError("input of rank >= 2 with a known last axis (batch, ..., features)", inputShape,
                inputShape.Rank < 2 ? "Add a feature axis, e.g. x.unsqueeze(-1)." : null);
        if (kernel is not null && inputShape[-1] != kernel.Shape[0])
            throw ShapeError($"{kernel.Shape[0]} input features on the last axis (it was built for them)", inputShape);
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape)
    {
        var features = inputShape[-1]!.Value;
        kernel = AddKernel("kernel", new[] { features, Units });
        if (UseBias) bias = AddBias("bias", new[] { Units });
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        // x · kernel with the kernel in its (inputs, units) layout, so its gradient comes out contiguous too.
        var w = kernel!.Value;
        Tensor output;
        if (inputs.dim() == 2) output = bias is null ? inputs.mm(w) : bias.Value.addmm(inputs, w);
        else
        {
            output = inputs.matmul(w);
            if (bias is not null) output.add_(bias.Value);
        }
        if (Activation.IsLinear) return output;
        var activated = Activation.CallOnFreshOutput(output);
        if (ReferenceEquals(activated, output)) return output;
        output.Dispose();
        return activated;
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => new(inputShape.Dims.Take(inputShape.Rank - 1).Append(Units).ToArray());

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["units"] = Units;
        config["activation"] = Activation.Name;
        config["use_bias"] = UseBias;
        WriteKernelBiasConfig(config);
        return config;
    }
}
