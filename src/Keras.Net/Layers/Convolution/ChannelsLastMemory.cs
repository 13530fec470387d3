namespace KerasNet.Layers;

/// <summary>
/// Runs 2D convolutions on the CPU over channels-last memory (an NCHW tensor whose memory is laid out NHWC) where it
/// pays. libtorch 2.10's oneDNN convolutions read and write NHWC memory directly for most shapes, but reorder NCHW
/// tensors into a blocked layout and back around every convolution, forward and backward: measured here, the reorders
/// took more time than the convolutions in ResNet-20, whose training step was 27% faster over channels-last memory.
/// The layout propagates by itself: a convolution's output keeps its input's memory format, as do
/// BatchNormalization, activations and Add. So the rule is local: a network's first convolution (whose input has at
/// most four channels: the images) starts channels-last memory, and later convolutions keep the layout they receive.
/// Max pooling, about twice as slow over channels-last memory in libtorch 2.10, returns to NCHW (see Pooling); on the
/// Keras MNIST convnet the net effect was neutral. Channels-last memory also avoids oneDNN's defective
/// backward-data kernel (see <see cref="OneDnnChannelPadding"/>). Logical shapes and values are unchanged.
/// </summary>
internal static class ChannelsLastMemory
{
    private const long ImageChannels = 4;

    /// <summary>Whether a 2D convolution on <paramref name="x"/> with <paramref name="groups"/> groups runs over channels-last memory.</summary>
    internal static bool Applies(Tensor x, long groups) =>
        groups == 1 && x.dim() == 4 && x.device_type == DeviceType.CPU && x.dtype is ScalarType.Float32 or ScalarType.BFloat16 &&
        (x.size(1) <= ImageChannels || IsChannelsLast(x));

    /// <summary><paramref name="x"/> (N, C, H, W) with NHWC memory: itself when it already has it, else a copy.</summary>
    internal static Tensor Of(Tensor x) => IsChannelsLast(x) ? x : x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    private static bool IsChannelsLast(Tensor x)
    {
        var strides = x.stride();
        long c = x.size(1), w = x.size(3);
        return strides[1] == 1 && strides[3] == c && strides[2] == w * c;
    }
}
