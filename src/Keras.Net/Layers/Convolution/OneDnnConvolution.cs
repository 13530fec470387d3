namespace KerasNet.Layers;

/// <summary>
/// Every convolution of the layers goes through here, so that on the CPU it takes oneDNN code that computes it right.
/// libtorch 2.10's CPU build (oneDNN 3.7.1, as shipped with TorchSharp 0.107) reorders plain NCW/NCHW/NCDHW tensors
/// into channel-blocked layouts (blocks of 16 channels with AVX-512, 8 with AVX2) around its JIT kernels, and reads
/// the padding of partly filled blocks without initializing it. The results then depend on what the allocator last
/// left in that memory: exact on fresh pages, wrong by the size of the outputs (or NaN) on reused ones. Measured here
/// (AMD EPYC, AVX-512) by filling freed memory with garbage (glibc's <c>MALLOC_PERTURB_</c>): over plain memory 229 of
/// 576 float32 convolutions (1D to 3D, 3 to 48 channels) had a wrong output or input gradient, and 252 of 576
/// transposed ones; over channels-last memory (NHWC, NDHWC), which those kernels read and write without blocking,
/// none of the 2D and 3D ones, once a transposed convolution's input channels and a single input channel needing its
/// gradient are padded with zeros. Channels-last memory is also the faster layout here: the reorders around an NCHW
/// convolution took more time than the convolution itself in ResNet-20. So, on the CPU in float32 and bfloat16:
/// <list type="bullet">
/// <item>ungrouped convolutions run over channels-last memory (1D ones as 2D ones of height 1), except float32 ones
/// that <see cref="KeepsPlainLayout"/> allows to stay on plain memory; in float32 a single
/// input channel whose gradient is needed gets a zero companion; in bfloat16 (where the kernels also misread partial
/// blocks in channels-last memory) input and output channels are padded to multiples of 16;</item>
/// <item>1x1 convolutions without padding are computed as matrix products (see <see cref="Pointwise"/>);</item>
/// <item>transposed convolutions run over channels-last memory with their input channels padded to a multiple of 16;</item>
/// <item>grouped (depthwise) convolutions run over contiguous plain memory, which their kernel computes right and
/// channels-last views do not (off by up to 13 with a depth multiplier of 2).</item>
/// </list>
/// Padded channels carry zeros and are sliced off, so values and gradients are those of the unpadded convolution.
/// Logical shapes are unchanged; outputs keep channels-last memory, which BatchNormalization, activations and Add
/// preserve. On other devices and dtypes the convolutions run as given.
/// </summary>
internal static class OneDnnConvolution
{
    private const long Block = 16;

    /// <summary>A convolution of <paramref name="x"/> (batch, channels, *spatial) with <paramref name="w"/> (out, in/groups, *kernel).</summary>
    internal static Tensor Convolve(Tensor x, Tensor w, Tensor? b, long[] strides, long[] padding, long[] dilation, long groups)
    {
        if (!RunsOnOneDnn(x)) return Plain(x, w, b, strides, padding, dilation, groups);
        if (groups > 1) return Plain(x.contiguous(), w, b, strides, padding, dilation, groups);
        var outputs = w.size(0);
        var bfloat16 = x.dtype == ScalarType.BFloat16;
        var inputExtra = bfloat16 ? Needed(x.size(1)) : x.size(1) == 1 && torch.is_grad_enabled() && x.requires_grad ? 1 : 0;
        var outputExtra = bfloat16 ? Needed(outputs) : 0;
        if (inputExtra > 0)
        {
            x = Pad(x, 1, inputExtra);
            w = Pad(w, 1, inputExtra);
        }
        if (outputExtra > 0)
        {
            w = Pad(w, 0, outputExtra);
            if (b is not null) b = Pad(b, 0, outputExtra);
        }
        var y = IsPointwise(w, padding)
            ? Pointwise(x, w, b, strides)
            : !bfloat16 && KeepsPlainLayout(x, outputs, strides, dilation)
            ? Plain(x, w, b, strides, padding, dilation, 1)
            : x.dim() == 3
            ? F.conv2d(ChannelsLast(x.unsqueeze(2)), w.unsqueeze(2), b, Planar(strides, 1), Planar(padding, 0), Planar(dilation, 1)).squeeze(2)
            : Plain(ChannelsLast(x), w, b, strides, padding, dilation, 1);
        return outputExtra > 0 ? y.narrow(1, 0, outputs) : y;
    }

    /// <summary>A transposed convolution of <paramref name="x"/> (batch, channels, *spatial) with <paramref name="w"/> (in, out, *kernel).</summary>
    internal static Tensor ConvolveTransposed(Tensor x, Tensor w, Tensor? b, long[] strides, long[] padding, long[] outputPadding, long[] dilation)
    {
        if (RunsOnOneDnn(x))
        {
            var extra = Needed(x.size(1));
            if (extra > 0)
            {
                x = Pad(x, 1, extra);
                w = Pad(w, 0, extra);
            }
            if (x.dim() == 3)
                return F.conv_transpose2d(ChannelsLast(x.unsqueeze(2)), w.unsqueeze(2), b, Planar(strides, 1), Planar(padding, 0),
                    Planar(outputPadding, 0), Planar(dilation, 1)).squeeze(2);
            x = ChannelsLast(x);
        }
        return x.dim() switch
        {
            3 => F.conv_transpose1d(x, w, b, strides[0], padding[0], outputPadding[0], dilation[0]),
            4 => F.conv_transpose2d(x, w, b, strides, padding, outputPadding, dilation),
            _ => F.conv_transpose3d(x, w, b, strides, padding, outputPadding, dilation),
        };
    }

    private static bool IsPointwise(Tensor w, long[] padding) => w.shape.Skip(2).All(k => k == 1) && padding.All(p => p == 0);

    /// <summary>
    /// A 1x1 convolution as the matrix product it is, over channels-last memory: oneDNN's own 1x1 kernel over
    /// channels-last memory was wrong for 512 output channels on maps of up to 6x6 (off by up to 4.7 with outputs of 1).
    /// A stride keeps every stride-th position, so it is applied first by slicing.
    /// </summary>
    private static Tensor Pointwise(Tensor x, Tensor w, Tensor? b, long[] strides)
    {
        for (var axis = 0; axis < strides.Length; axis++)
            if (strides[axis] > 1) x = x.slice(axis + 2, 0, x.size(axis + 2), strides[axis]);
        var last = x.dim() - 1;
        var toChannelsLast = new long[x.dim()];
        var toChannelsFirst = new long[x.dim()];
        toChannelsLast[0] = 0;
        toChannelsLast[last] = 1;
        toChannelsFirst[0] = 0;
        toChannelsFirst[1] = last;
        for (var axis = 2; axis <= last; axis++)
        {
            toChannelsLast[axis - 1] = axis;
            toChannelsFirst[axis] = axis - 1;
        }
        var y = F.linear(x.permute(toChannelsLast), w.flatten(1), b);
        return y.permute(toChannelsFirst);
    }

    /// <summary>
    /// Whether a float32 convolution may stay on plain memory: whole channel blocks in and out, no stride, no dilation
    /// (0 of 960 such convolutions wrong on dirtied memory; strided ones had wrong input gradients). The Keras MNIST
    /// convnet's second convolution (32 to 64 channels after a max pooling, which returns plain memory) trained 35%
    /// slower per step when copied to channels-last memory.
    /// </summary>
    private static bool KeepsPlainLayout(Tensor x, long outputs, long[] strides, long[] dilation) =>
        x.is_contiguous() && x.size(1) % Block == 0 && outputs % Block == 0 && strides.All(s => s == 1) && dilation.All(d => d == 1);

    private static bool RunsOnOneDnn(Tensor x) => x.device_type == DeviceType.CPU && x.dtype is ScalarType.Float32 or ScalarType.BFloat16;

    private static Tensor Plain(Tensor x, Tensor w, Tensor? b, long[] strides, long[] padding, long[] dilation, long groups) => x.dim() switch
    {
        3 => F.conv1d(x, w, b, strides[0], padding[0], dilation[0], groups),
        4 => F.conv2d(x, w, b, strides, padding, dilation, groups),
        _ => F.conv3d(x, w, b, strides, padding, dilation, groups),
    };

    /// <summary>A 1D convolution's argument as the 2D one of a height-1 image: <paramref name="height"/> first.</summary>
    private static long[] Planar(long[] values, long height) => new[] { height, values[0] };

    private static long Needed(long channels) => channels % Block == 0 ? 0 : Block - channels % Block;

    /// <summary><paramref name="x"/> (N, C, *spatial) with its channels innermost in memory: itself when it has that layout, else a copy.</summary>
    private static Tensor ChannelsLast(Tensor x)
    {
        var strides = x.stride();
        var channels = x.size(1);
        var expected = channels;
        var isChannelsLast = strides[1] == 1;
        for (var axis = x.dim() - 1; axis >= 2 && isChannelsLast; axis--)
        {
            isChannelsLast = strides[axis] == expected || x.size(axis) == 1;
            expected *= x.size(axis);
        }
        if (isChannelsLast) return x;
        var order = new long[x.dim()];
        order[0] = 0;
        for (var axis = 1; axis < order.Length - 1; axis++) order[axis] = axis + 1;
        order[^1] = 1;
        var inverse = new long[order.Length];
        for (var axis = 0; axis < order.Length; axis++) inverse[order[axis]] = axis;
        return x.permute(order).contiguous().permute(inverse);
    }

    /// <summary><paramref name="t"/> with <paramref name="extra"/> zero slices appended along <paramref name="dim"/>.</summary>
    private static Tensor Pad(Tensor t, long dim, long extra)
    {
        var shape = t.shape;
        shape[dim] = extra;
        using var zeros = torch.zeros(shape, t.dtype, t.device);
        return torch.cat(new[] { t, zeros }, dim);
    }
}
