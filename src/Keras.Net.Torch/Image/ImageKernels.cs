using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

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
    public static unsafe void ResizeCropNormalize(DecodedImage image, int resizeHeight, int resizeWidth, int top, int left, int height, int width,
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
        fixed (byte* src = image.Pixels)
        fixed (float* s = scale)
        fixed (float* b = bias)
        fixed (float* dst = destination)
        {
            if (NativeMethods.kn_image_resize_crop_normalize(src, image.Height, image.Width, image.Channels, resizeHeight, resizeWidth, top, left,
                    height, width, s, b, dst) != 0)
                throw new ArgumentException("resize_crop_normalize rejected its arguments: " +
                    (System.Runtime.InteropServices.Marshal.PtrToStringUTF8(NativeMethods.kn_last_error()) ?? "unknown error"));
        }
    }

    /// <summary>
    /// As <see cref="ResizeCropNormalize(DecodedImage, int, int, int, int, int, int, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>,
    /// writing into row <paramref name="index"/> of <paramref name="batch"/>, a contiguous float32 CPU tensor of shape
    /// (N, channels, height, width): the batch buffer is filled in place, without a per-image tensor.
    /// </summary>
    /// <exception cref="ArgumentException">The batch is not a contiguous float32 CPU tensor of a matching shape, or the index is out of range.</exception>
    public static unsafe void ResizeCropNormalize(DecodedImage image, int resizeHeight, int resizeWidth, int top, int left, Tensor batch, long index,
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
        var data = (float*)NativeMethods.kn_image_tensor_data(batch.Handle);
        if (data == null)
            throw new ArgumentException("The batch must be a contiguous CPU tensor (call .contiguous() or allocate it with torch.empty).", nameof(batch));
        var plane = shape[1] * shape[2] * shape[3];
        ResizeCropNormalize(image, resizeHeight, resizeWidth, top, left, (int)shape[2], (int)shape[3], scale, bias,
            new Span<float>(data + index * plane, checked((int)plane)));
        GC.KeepAlive(batch);
    }
}
