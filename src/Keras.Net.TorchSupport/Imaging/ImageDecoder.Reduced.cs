namespace KerasNet.TorchSupport;

public static partial class ImageDecoder
{
    /// <summary>
    /// Decodes an image at reduced size when that is cheaper: a JPEG much larger than
    /// <paramref name="minWidth"/> x <paramref name="minHeight"/> is decoded with libjpeg's DCT scaling (through SkiaSharp's <c>SKCodec</c>)
    /// (by n/8, n = 1..7) to the smallest size that still covers both minimums (as PIL's <c>draft</c>), which skips
    /// most of the decoding work; other formats, and JPEGs not large enough, are decoded at full size. The result is
    /// therefore at least the minimum size in both directions whenever the full image is, and is meant to be resized
    /// further. Errors name <paramref name="sourceName"/>.
    /// </summary>
    /// <exception cref="ImageDecodeException">The data is truncated, corrupt, of another format, or too large.</exception>
    public static DecodedImage DecodeReduced(ReadOnlySpan<byte> data, int minWidth, int minHeight, ImageReadMode mode = ImageReadMode.Unchanged,
        bool applyExifOrientation = true, string? sourceName = null)
    {
        if (minWidth < 1) throw new ArgumentOutOfRangeException(nameof(minWidth), minWidth, "minWidth must be at least 1.");
        if (minHeight < 1) throw new ArgumentOutOfRangeException(nameof(minHeight), minHeight, "minHeight must be at least 1.");
        if (DetectFormat(data) != ImageFormat.Jpeg) return Decode(data, mode, applyExifOrientation, sourceName);
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, "Expected an ImageReadMode value.");
        var source = sourceName ?? $"image data ({data.Length} bytes)";
        return Convert(DecodeJpeg(data, source, applyExifOrientation, MaxPixels, minWidth, minHeight), mode);
    }

    /// <summary>Reads the file at <paramref name="path"/> and decodes it as <see cref="DecodeReduced"/>; errors name the file.</summary>
    /// <exception cref="ImageDecodeException">The file is missing, truncated, corrupt, of another format, or too large.</exception>
    public static DecodedImage DecodeFileReduced(string path, int minWidth, int minHeight, ImageReadMode mode = ImageReadMode.Unchanged,
        bool applyExifOrientation = true)
    {
        var data = ReadFile(path);
        return DecodeReduced(data, minWidth, minHeight, mode, applyExifOrientation, path);
    }

    /// <summary>
    /// The output size of libjpeg-turbo's DCT scaling by the smallest n/8 (n = 1..8) whose result, ceil(size · n / 8),
    /// covers both minimums. Skia's <c>SKCodec.GetScaledDimensions(n / 8)</c> gives the same size (checked when decoding).
    /// </summary>
    internal static (int Width, int Height) ReducedJpegSize(int width, int height, int minWidth, int minHeight)
    {
        var n = ReducedJpegEighths(width, height, minWidth, minHeight);
        return (Eighths(width, n), Eighths(height, n));
    }

    /// <summary>The n of <see cref="ReducedJpegSize"/>: the smallest n/8 (n = 1..8) whose scaled size covers both minimums.</summary>
    internal static int ReducedJpegEighths(int width, int height, int minWidth, int minHeight)
    {
        for (var n = 1; n < 8; n++)
            if (Eighths(width, n) >= minWidth && Eighths(height, n) >= minHeight) return n;
        return 8;
    }

    // libjpeg's jdiv_round_up(size * n, 8).
    private static int Eighths(int size, int n) => (int)(((long)size * n + 7) / 8);
}
