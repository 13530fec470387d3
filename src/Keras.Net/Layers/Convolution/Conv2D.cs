using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>2-D convolution over images: (batch, channels, height, width) channels-first (the default), or (batch, height, width, channels).</summary>
public sealed class Conv2D : BaseConv
{
    /// <summary>Creates the layer, e.g. <c>new Conv2D(filters: 32, kernelSize: 3, activation: "relu")</c>.</summary>
    public Conv2D(long filters, Dims kernelSize, Dims strides = default, string padding = "valid", string? dataFormat = null, Dims dilationRate = default,
                  long groups = 1, ActivationFunction? activation = null, bool useBias = true, Initializer? kernelInitializer = null,
                  Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null,
                  Constraint? kernelConstraint = null, Constraint? biasConstraint = null, string? name = null, bool trainable = true)
        : base(2, filters, kernelSize, strides, padding, dataFormat, dilationRate, groups, activation, useBias, kernelInitializer, biasInitializer,
               kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, name, trainable) { }
}
