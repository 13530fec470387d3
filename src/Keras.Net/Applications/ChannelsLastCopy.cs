namespace KerasNet.Applications;

/// <summary>
/// Passes its (batch, channels, height, width) input through in channels-last (NHWC) memory; values and shape are
/// unchanged, and the convolution that follows keeps that memory format. GoogLeNet places it before each 3x3
/// convolution whose input channel count is not a multiple of 16: on the CPU, libtorch 2.10's oneDNN 3x3 convolution
/// over NCHW memory returned wrong values for 24, 40, 56 and 72 input channels (measured here on a 4x4 map: off by
/// 10 to 14 on outputs of mean magnitude 10 to 17, against the same convolution in float64), while the channels-last
/// convolution agreed to 1e-4 and 8, 12, 16, 32, 64 and 96 channels were exact in both.
/// </summary>
public sealed class ChannelsLastCopy : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public ChannelsLastCopy(string? name = null, bool trainable = true) : base(name, trainable) { }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != 4) throw ShapeError("input of rank 4 (batch, channels, height, width)", inputShape);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        using var scope = torch.NewDisposeScope();
        return inputs.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;
}
