
namespace KerasNet.TorchSupport;

/// <summary>
/// Fused per-image kernels for input pipelines, working on decoded pixels without intermediate tensors.
/// </summary>
public static class ImageKernels
{
    /// <summary>
    /// Resizes <paramref name="image"/> to <paramref name="resizeHeight"/> x <paramref name="resizeWidth"/> (bilinear,
    /// half-pixel centres, no antialiasing: <c>interpolate(mode="bilinear", align_corners=False)</c> on the float
    /// pixels), takes the window (<paramref name="top"/>, <paramref name="left"/>, <paramref name="height"/>,
    /// <paramref name="width"/>) of the result, and writes <c>pixel · scale[c] + bias[c]</c> as float32
    /// (channels, height, width) into <paramref name="destination"/>. With the resize size equal to the image's, the
    /// pixels are copied without interpolation.
    /// </summary>
    /// <exception cref="ArgumentException">The window does not fit, the buffers are too small, or scale/bias do not have one value per channel.</exception>
    public static void ResizeCropNormalize(DecodedImage image, int resizeHeight, int resizeWidth, int top, int left, int height, int width,
        ReadOnlySpan<float> scale, ReadOnlySpan<float> bias, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (resizeHeight < 1 || resizeWidth < 1)
            throw new ArgumentOutOfRangeException(nameof(resizeHeight), $"The resize size must be positive; received {resizeHeight} x {resizeWidth}.");
        if (height < 1 || width < 1 || top < 0 || left < 0 || top + height > resizeHeight || left + width > resizeWidth)
            throw new ArgumentException(
                $"The crop window (top {top}, left {left}, {height} x {width}) does not fit in the resized image ({resizeHeight} x {resizeWidth}).", nameof(top));
        if (scale.Length != image.Channels || bias.Length != image.Channels)
            throw new ArgumentException($"scale and bias need one value per channel ({image.Channels}); received {scale.Length} and {bias.Length}.", nameof(scale));
        var needed = (long)image.Channels * height * width;
        if (destination.Length < needed)
            throw new ArgumentException($"The destination holds {destination.Length} floats; {image.Channels} x {height} x {width} = {needed} are needed.", nameof(destination));
        if (resizeHeight == image.Height && resizeWidth == image.Width)
            CropNormalize(image, top, left, height, width, scale, bias, destination);
        else
            BilinearCropNormalize(image, resizeHeight, resizeWidth, top, left, height, width, scale, bias, destination);
    }

    // No resize: a lookup table per channel maps each byte to its normalized value.
    private static void CropNormalize(DecodedImage image, int top, int left, int height, int width,
        ReadOnlySpan<float> scale, ReadOnlySpan<float> bias, Span<float> destination)
    {
        int c = image.Channels, w = image.Width;
        var plane = height * width;
        Span<float> table = stackalloc float[256];
        var pixels = image.Pixels;
        for (var ch = 0; ch < c; ch++)
        {
            for (var v = 0; v < 256; v++) table[v] = v * scale[ch] + bias[ch];
            var output = destination.Slice(ch * plane, plane);
            for (var y = 0; y < height; y++)
            {
                var row = ((top + y) * w + left) * c + ch;
                var o = output.Slice(y * width, width);
                for (var x = 0; x < width; x++) o[x] = table[pixels[row + x * c]];
            }
        }
    }

    // PyTorch's separable bilinear kernel (align_corners=False, no antialiasing): a horizontal pass over the two source
    // rows each output row needs, then the vertical blend, the affine normalization and the write into planes.
    private static void BilinearCropNormalize(DecodedImage image, int resizeHeight, int resizeWidth, int top, int left, int height, int width,
        ReadOnlySpan<float> scale, ReadOnlySpan<float> bias, Span<float> destination)
    {
        int c = image.Channels, w = image.Width;
        var plane = height * width;
        var ys = Taps(image.Height, resizeHeight, top, height);
        var xs = Taps(w, resizeWidth, left, width);
        var row0 = new float[width * c];
        var row1 = new float[width * c];
        var pixels = image.Pixels;
        for (var y = 0; y < height; y++)
        {
            var ty = ys[y];
            int r0 = ty.I0 * w * c, r1 = ty.I1 * w * c;
            for (var x = 0; x < width; x++)
            {
                var tx = xs[x];
                float l1 = tx.L1, l0 = 1f - tx.L1;
                int a = tx.I0 * c, b = tx.I1 * c, o = x * c;
                for (var ch = 0; ch < c; ch++)
                {
                    row0[o + ch] = l0 * pixels[r0 + a + ch] + l1 * pixels[r0 + b + ch];
                    row1[o + ch] = l0 * pixels[r1 + a + ch] + l1 * pixels[r1 + b + ch];
                }
            }
            float h1 = ty.L1, h0 = 1f - ty.L1;
            for (var ch = 0; ch < c; ch++)
            {
                var output = destination.Slice(ch * plane + y * width, width);
                float s = scale[ch], bi = bias[ch];
                for (var x = 0; x < width; x++)
                    output[x] = (h0 * row0[x * c + ch] + h1 * row1[x * c + ch]) * s + bi;
            }
        }
    }

    private readonly record struct Tap(int I0, int I1, float L1);

    // PyTorch's source index of each output index in [first, first + count) (area_pixel_compute_source_index,
    // align_corners=False): the two neighbours and the weight of the second.
    private static Tap[] Taps(int input, int output, int first, int count)
    {
        var result = new Tap[count];
        var ratio = (float)input / output;
        for (var k = 0; k < count; k++)
        {
            var source = ratio * (first + k + 0.5f) - 0.5f;
            if (source < 0) source = 0;
            var i0 = Math.Min((int)source, input - 1);
            var i1 = i0 < input - 1 ? i0 + 1 : i0;
            result[k] = new Tap(i0, i1, source - i0);
        }
        return result;
    }

    /// <summary>
    /// As <see cref="ResizeCropNormalize(DecodedImage, int, int, int, int, int, int, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>,
    /// writing into row <paramref name="index"/> of <paramref name="batch"/>, a contiguous float32 CPU tensor of shape
    /// (N, channels, height, width): the batch buffer is filled in place, without a per-image tensor.
    /// </summary>
    /// <exception cref="ArgumentException">The batch is not a contiguous float32 CPU tensor of a matching shape, or the index is out of range.</exception>
    public static void ResizeCropNormalize(DecodedImage image, int resizeHeight, int resizeWidth, int top, int left, Tensor batch, long index,
        ReadOnlySpan<float> scale, ReadOnlySpan<float> bias)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(batch);
        var shape = batch.shape;
        if (batch.dtype != ScalarType.Float32 || shape.Length != 4 || shape[1] != image.Channels)
            throw new ArgumentException(
                $"The batch must be float32 (N, {image.Channels}, height, width); received {batch.dtype.ToTorchName()} {Shape.Format(shape)}.", nameof(batch));
        if (index < 0 || index >= shape[0])
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The batch holds {shape[0]} images.");
        if (batch.device_type != DeviceType.CPU || !batch.is_contiguous())
            throw new ArgumentException("The batch must be a contiguous CPU tensor (call .contiguous() or allocate it with torch.empty).", nameof(batch));
        var plane = checked((int)(shape[1] * shape[2] * shape[3]));
        var data = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(batch.bytes);
        ResizeCropNormalize(image, resizeHeight, resizeWidth, top, left, (int)shape[2], (int)shape[3], scale, bias,
            data.Slice(checked((int)(index * plane)), plane));
        GC.KeepAlive(batch);
    }
}
