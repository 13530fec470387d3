namespace KerasNet.Layers;

/// <summary>
/// A guard against a oneDNN defect in libtorch 2.10's CPU build (oneDNN 3.7.1, as shipped with TorchSharp 0.107):
/// the JIT backward-data convolution kernel, which also computes transposed convolutions, returns wrong values (and
/// sometimes NaN) when the convolution's output channels are not a multiple of the kernel's channel block (16 with
/// AVX-512, 8 with AVX2). Measured here (AMD EPYC, AVX-512): the input gradient of conv2d with 4, 8, 10, 12, 20, 24,
/// 31, 40 or 100 filters is off by 6% to 70% of its largest element, while 16, 32 and 48 filters are exact; forward
/// passes and weight gradients are unaffected, as are grouped and depthwise convolutions. Padding the channel axis
/// that the defective kernel reduces over to a multiple of 16 with zero weights makes it take exact code; the extra
/// channels carry zeros and are sliced off, so results and gradients are those of the unpadded convolution.
/// </summary>
internal static class OneDnnChannelPadding
{
    private const long Block = 16;

    /// <summary>
    /// The number of zero channels to add to <paramref name="channels"/> for a convolution on <paramref name="x"/>:
    /// 0 off the CPU, for types oneDNN does not run, for grouped convolutions, and for multiples of 16.
    /// </summary>
    internal static long Needed(Tensor x, long channels, long groups) =>
        x.device_type == DeviceType.CPU && x.dtype is ScalarType.Float32 or ScalarType.BFloat16 && groups == 1 && channels % Block != 0
            ? Block - channels % Block
            : 0;

    /// <summary>
    /// True for bfloat16 on the CPU (mixed_bfloat16 policies): there the same oneDNN build also returns wrong forward
    /// values over plain (NCW, NCHW, NCDHW) memory when the output channels are not a multiple of 16 (measured here:
    /// conv1d 3→4 channels off by 4.5 for outputs up to 7; conv_transpose1d and conv3d likewise; channels-last memory
    /// and multiples of 16 are exact), and the input gradient when the input channels are not: both are padded.
    /// </summary>
    internal static bool IsCpuBFloat16(Tensor x) => x.device_type == DeviceType.CPU && x.dtype == ScalarType.BFloat16;

    /// <summary><paramref name="t"/> with <paramref name="extra"/> zero slices appended along <paramref name="dim"/>.</summary>
    internal static Tensor Pad(Tensor t, long dim, long extra)
    {
        var shape = t.shape;
        shape[dim] = extra;
        using var zeros = torch.zeros(shape, t.dtype, t.device);
        return torch.cat(new[] { t, zeros }, dim);
    }
}
