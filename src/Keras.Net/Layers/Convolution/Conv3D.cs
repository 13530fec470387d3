using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>3-D convolution over volumes: (batch, channels, depth, height, width) channels-first, or channels-last.</summary>
public sealed class Conv3D : BaseConv
{
    /// <summary>Creates the layer, e.g. <c>new Conv3D(filters: 32, kernelSize: 3, activation: "relu")</c>.</summary>
    public Conv3D(long filters, Dims kernelSize, Dims strides = default, string padding = "valid", string? dataFormat = null, Dims dilationRate = default,
                  long groups = 1, ActivationFunction? activation = null, bool useBias = true, Initializer? kernelInitializer = null,
                  Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null,
                  Constraint? kernelConstraint = null, Constraint? biasConstraint = null, string? name = null, bool trainable = true)
        : base(3, filters, kernelSize, strides, padding, dataFormat, dilationRate, groups, activation, useBias, kernelInitializer, biasInitializer,
               kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, name, trainable) { }
}
