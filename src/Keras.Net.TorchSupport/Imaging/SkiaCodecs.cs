using System.Runtime.InteropServices;
using SkiaSharp;

namespace KerasNet.TorchSupport;

/// <summary>
/// The calls into SkiaSharp's <see cref="SKCodec"/> that the JPEG and PNG decoders share: opening a codec over the
/// encoded bytes, decoding into a caller's buffer with every result code checked, and the reduction of 32-bit pixels
/// to the image's own channels. Pixels are requested without a colour space (no ICC, gAMA or cHRM conversion, as
/// PIL) and, for RGBA, unpremultiplied (the stored alpha and colour values, as PIL).
/// </summary>
internal static class SkiaCodecs
{
    /// <summary>
    /// A codec over a copy of <paramref name="data"/>, or null with Skia's reason in <paramref name="result"/> when it
    /// cannot read the headers. The codec owns the copy.
    /// </summary>
    internal static SKCodec? Open(ReadOnlySpan<byte> data, out SKCodecResult result)
    {
        // The stream takes its own reference to the copy, so ours is released on leaving. SKCodec.Create hands the
        // stream to the codec (or, when it fails, deletes it), so the stream is not disposed here.
        using var copy = SKData.CreateCopy(data);
        var stream = new SKMemoryStream(copy);
        return SKCodec.Create(stream, out result);
    }

    /// <summary>
    /// Decodes the whole image at <paramref name="width"/> x <paramref name="height"/> (the codec's size, or a size
    /// it scales to) into <paramref name="output"/>: one byte per pixel for <see cref="SKColorType.Gray8"/>, else
    /// four (RGBA, unpremultiplied). Returns <see cref="SKCodecResult.Success"/> or the failure; an incomplete
    /// image (<see cref="SKCodecResult.IncompleteInput"/>) is a failure like any other.
    /// </summary>
    internal static unsafe SKCodecResult Decode(SKCodec codec, int width, int height, bool gray, byte* output)
    {
        var info = gray
            ? new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque)
            : new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        return codec.GetPixels(info, (IntPtr)output, width * (gray ? 1 : 4), SKCodecOptions.Default);
    }

    /// <summary>
    /// Decodes into a new image of <paramref name="channels"/> (1 gray; 2, 3 or 4 from RGBA) at the given size.
    /// Gray and RGBA images are decoded straight into their pixel array; gray + alpha and RGB go through a native
    /// RGBA buffer that is freed before returning.
    /// </summary>
    /// <exception cref="ImageDecodeException">
    /// The image exceeds the pixel limit, or the codec fails: <paramref name="failure"/>'s exception if given, else <see cref="Failure"/>'s.
    /// </exception>
    internal static unsafe DecodedImage DecodeImage(SKCodec codec, int width, int height, int channels, string source, ImageFormat format,
        long pixelLimit, Func<SKCodecResult, ImageDecodeException>? failure = null)
    {
        var pixels = ImageDecoder.Allocate(source, format, width, height, channels, pixelLimit);
        if ((long)width * 4 > int.MaxValue)
            throw new ImageDecodeException(source, format, $"the image is {width} pixels wide; one row of 32-bit pixels must fit 2 GiB.");
        SKCodecResult result;
        if (channels is 1 or 4)
        {
            fixed (byte* output = pixels) result = Decode(codec, width, height, channels == 1, output);
        }
        else
        {
            var count = (long)width * height;
            var rgba = (byte*)NativeMemory.Alloc((nuint)(count * 4));
            try
            {
                result = Decode(codec, width, height, gray: false, rgba);
                if (result == SKCodecResult.Success) Reduce(rgba, count, channels, pixels);
            }
            finally
            {
                NativeMemory.Free(rgba);
            }
        }
        if (result != SKCodecResult.Success) throw failure?.Invoke(result) ?? Failure(source, format, result);
        return new DecodedImage(width, height, channels, pixels);
    }

    // RGBA to gray + alpha (the colour channels of a gray image are equal: red is taken) or to RGB.
    private static unsafe void Reduce(byte* rgba, long count, int channels, byte[] output)
    {
        fixed (byte* o = output)
        {
            if (channels == 2)
                for (long p = 0; p < count; p++) { o[2 * p] = rgba[4 * p]; o[2 * p + 1] = rgba[4 * p + 3]; }
            else
                for (long p = 0; p < count; p++) { o[3 * p] = rgba[4 * p]; o[3 * p + 1] = rgba[4 * p + 1]; o[3 * p + 2] = rgba[4 * p + 2]; }
        }
    }

    /// <summary>The exception for a failed decode: "truncated" for missing data, "corrupt" for anything else, with Skia's result code.</summary>
    internal static ImageDecodeException Failure(string source, ImageFormat format, SKCodecResult result) =>
        new(source, format, result == SKCodecResult.IncompleteInput
            ? $"truncated {Name(format)}: {Explain(result)} (SKCodec: {result})."
            : $"corrupt {Name(format)}: {Explain(result)} (SKCodec: {result}).");

    internal static string Name(ImageFormat format) => format.ToString().ToUpperInvariant();

    /// <summary>What an <see cref="SKCodecResult"/> means, in words.</summary>
    internal static string Explain(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "the data ends before the image is complete",
        SKCodecResult.ErrorInInput => "the compressed image data is damaged",
        SKCodecResult.InvalidInput => "the data is not a valid image stream",
        SKCodecResult.InvalidConversion => "the pixels cannot be converted to 8-bit gray or RGBA",
        SKCodecResult.InvalidScale => "the decoder cannot produce the requested size",
        SKCodecResult.Unimplemented => "the image uses a variant the decoder does not support",
        _ => "the decoder failed",
    };
}
