using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// 1-D convolution over sequences: (batch, steps, channels) by default, whatever <see cref="Config.ImageDataFormat"/>
/// says, as in Keras; (batch, channels, steps) with dataFormat "channels_first". Padding "valid", "same" or "causal".
/// </summary>
public sealed class Conv1D : BaseConv
{
    /// <summary>Creates the layer, e.g. <c>new Conv1D(filters: 32, kernelSize: 3, activation: "relu")</c>.</summary>
    public Conv1D(long filters, Dims kernelSize, Dims strides = default, string padding = "valid", string? dataFormat = null, Dims dilationRate = default,
                  long groups = 1, ActivationFunction? activation = null, bool useBias = true, Initializer? kernelInitializer = null,
                  Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null,
                  Constraint? kernelConstraint = null, Constraint? biasConstraint = null, string? name = null, bool trainable = true)
        : base(1, filters, kernelSize, strides, padding, dataFormat, dilationRate, groups, activation, useBias, kernelInitializer, biasInitializer,
               kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, name, trainable) { }
}
