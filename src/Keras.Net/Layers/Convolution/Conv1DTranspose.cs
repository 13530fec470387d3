using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// Transposed 1-D convolution over sequences: (batch, steps, channels) by default, whatever
/// <see cref="Config.ImageDataFormat"/> says; (batch, channels, steps) with dataFormat "channels_first". See
/// <see cref="BaseConvTranspose"/> for the output sizes.
/// </summary>
public sealed class Conv1DTranspose : BaseConvTranspose
{
    /// <summary>Creates the layer, e.g. <c>new Conv1DTranspose(filters: 16, kernelSize: 3, strides: 2)</c>.</summary>
    public Conv1DTranspose(long filters, Dims kernelSize, Dims strides = default, string padding = "valid", Dims outputPadding = default,
                           string? dataFormat = null, Dims dilationRate = default, ActivationFunction? activation = null, bool useBias = true,
                           Initializer? kernelInitializer = null, Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null,
                           Regularizer? biasRegularizer = null, Constraint? kernelConstraint = null, Constraint? biasConstraint = null,
                           string? name = null, bool trainable = true)
        : base(1, filters, kernelSize, strides, padding, outputPadding, dataFormat, dilationRate, activation, useBias, kernelInitializer,
               biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, name, trainable) { }
}
