using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>A depthwise convolution of images (one filter per channel × <c>depthMultiplier</c>) followed by a 1×1 pointwise convolution to <c>filters</c> channels.</summary>
public sealed class SeparableConv2D : BaseSeparableConv
{
    /// <summary>Creates the layer.</summary>
    /// <param name="filters">Output channels.</param>
    /// <param name="kernelSize">The depthwise window: one size for every axis or one per axis.</param>
    /// <param name="strides">The depthwise step between windows (default 1).</param>
    /// <param name="padding">"valid" or "same".</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="dilationRate">The depthwise dilation (default 1).</param>
    /// <param name="depthMultiplier">Depthwise filters per input channel.</param>
    /// <param name="activation">The activation (default linear).</param>
    /// <param name="useBias">Whether the pointwise convolution adds a bias.</param>
    /// <param name="depthwiseInitializer">The depthwise kernel's initializer (default Glorot uniform).</param>
    /// <param name="pointwiseInitializer">The pointwise kernel's initializer (default Glorot uniform).</param>
    /// <param name="biasInitializer">The bias's initializer (default zeros).</param>
    /// <param name="depthwiseRegularizer">A penalty on the depthwise kernel, if any.</param>
    /// <param name="pointwiseRegularizer">A penalty on the pointwise kernel, if any.</param>
    /// <param name="biasRegularizer">A penalty on the bias, if any.</param>
    /// <param name="depthwiseConstraint">A constraint on the depthwise kernel, if any.</param>
    /// <param name="pointwiseConstraint">A constraint on the pointwise kernel, if any.</param>
    /// <param name="biasConstraint">A constraint on the bias, if any.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    public SeparableConv2D(long filters, Dims kernelSize, Dims strides = default, string padding = "valid", string? dataFormat = null,
                           Dims dilationRate = default, long depthMultiplier = 1, ActivationFunction? activation = null, bool useBias = true,
                           Initializer? depthwiseInitializer = null, Initializer? pointwiseInitializer = null, Initializer? biasInitializer = null,
                           Regularizer? depthwiseRegularizer = null, Regularizer? pointwiseRegularizer = null, Regularizer? biasRegularizer = null,
                           Constraint? depthwiseConstraint = null, Constraint? pointwiseConstraint = null, Constraint? biasConstraint = null,
                           string? name = null, bool trainable = true)
        : base(2, filters, kernelSize, strides, padding, DataFormats.Resolve(dataFormat), dataFormat is null, dilationRate, depthMultiplier, activation, useBias, depthwiseInitializer,
               pointwiseInitializer, biasInitializer, depthwiseRegularizer, pointwiseRegularizer, biasRegularizer, depthwiseConstraint,
               pointwiseConstraint, biasConstraint, name, trainable) { }
}
