namespace KerasNet.Applications;

/// <summary>
/// Passes its input through in contiguous (NCHW) memory; values and shape are unchanged. GoogLeNet places it before
/// each 3x3 convolution whose input has a channel count that is not a multiple of 16: on the CPU, libtorch 2.10's
/// oneDNN convolution over channels-last memory returned wrong values for such inputs (measured here: 24 input
/// channels, 3x3 kernel, off by up to 13 on outputs of mean magnitude 10, against the same convolution over NCHW
/// memory and in float64), and Keras.Net's convolutions keep the channels-last memory they receive.
/// </summary>
public sealed class ContiguousMemory : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public ContiguousMemory(string? name = null, bool trainable = true) : base(name, trainable) { }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context) => inputs.contiguous();

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;
}
