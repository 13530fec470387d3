using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>A separate spatial filter per input channel of images (<c>depthMultiplier</c> of them): a grouped convolution with groups = channels. The kernel is stored as PyTorch's (channels × multiplier, 1, kh, kw).</summary>
public sealed class DepthwiseConv2D : BaseDepthwiseConv
{
    /// <summary>Creates the layer.</summary>
    /// <param name="kernelSize">The window: one size for every axis or one per axis.</param>
    /// <param name="strides">The step between windows (default 1).</param>
    /// <param name="padding">"valid" or "same".</param>
    /// <param name="depthMultiplier">Filters per input channel.</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; default <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="dilationRate">Dilation (default 1).</param>
    /// <param name="activation">The activation (default linear).</param>
    /// <param name="useBias">Whether a bias is added.</param>
    /// <param name="depthwiseInitializer">The kernel's initializer (default Glorot uniform).</param>
    /// <param name="biasInitializer">The bias's initializer (default zeros).</param>
    /// <param name="depthwiseRegularizer">A penalty on the kernel, if any.</param>
    /// <param name="biasRegularizer">A penalty on the bias, if any.</param>
    /// <param name="depthwiseConstraint">A constraint on the kernel, if any.</param>
    /// <param name="biasConstraint">A constraint on the bias, if any.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    public DepthwiseConv2D(Dims kernelSize, Dims strides = default, string padding = "valid", long depthMultiplier = 1, string? dataFormat = null,
                           Dims dilationRate = default, ActivationFunction? activation = null, bool useBias = true,
                           Initializer? depthwiseInitializer = null, Initializer? biasInitializer = null, Regularizer? depthwiseRegularizer = null,
                           Regularizer? biasRegularizer = null, Constraint? depthwiseConstraint = null, Constraint? biasConstraint = null,
                           string? name = null, bool trainable = true)
        : base(2, kernelSize, strides, padding, depthMultiplier, DataFormats.Resolve(dataFormat), dataFormat is null, dilationRate, activation, useBias, depthwiseInitializer, biasInitializer,
               depthwiseRegularizer, biasRegularizer, depthwiseConstraint, biasConstraint, name, trainable) { }
}
