using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>Transposed 2-D convolution over images: (batch, channels, height, width) channels-first (the default), or (batch, height, width, channels); see <see cref="BaseConvTranspose"/> for the output sizes.</summary>
public sealed class Conv2DTranspose : BaseConvTranspose
{
    /// <summary>Creates the layer, e.g. <c>new Conv2DTranspose(filters: 32, kernelSize: 3, strides: 2, padding: "same")</c>.</summary>
    public Conv2DTranspose(long filters, Dims kernelSize, Dims strides = default, string padding = "valid", Dims outputPadding = default,
                           string? dataFormat = null, Dims dilationRate = default, ActivationFunction? activation = null, bool useBias = true,
                           Initializer? kernelInitializer = null, Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null,
                           Regularizer? biasRegularizer = null, Constraint? kernelConstraint = null, Constraint? biasConstraint = null,
                           string? name = null, bool trainable = true)
        : base(2, filters, kernelSize, strides, padding, outputPadding, dataFormat, dilationRate, activation, useBias, kernelInitializer,
               biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, name, trainable) { }
}
