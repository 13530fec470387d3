
namespace KerasNet.TorchSupport;

/// <summary>
/// Decodes JPEG and PNG (through SkiaSharp's <c>SKCodec</c>: Skia's libjpeg-turbo and libpng), BMP and GIF (first
/// frame, decoded here) images into 8-bit pixels, converting to the channels asked for and, for JPEG, applying the
/// EXIF orientation. Pixels match PIL's decode of the same files. Bad input (truncated, corrupt, unsupported, too
/// large) raises <see cref="ImageDecodeException"/> naming the file; it never crashes the process.
/// </summary>
public static partial class ImageDecoder
{
    /// <summary>PIL's decompression-bomb limit: images with more pixels than this are refused unless the limit is raised.</summary>
    public const long DefaultMaxPixels = 178_956_970;

    private static long maxPixels = DefaultMaxPixels;

    /// <summary>The largest width * height accepted (a guard against decompression bombs). Default <see cref="DefaultMaxPixels"/>.</summary>
    public static long MaxPixels
    {
        get => Interlocked.Read(ref maxPixels);
        set => Interlocked.Exchange(ref maxPixels, value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxPixels must be positive."));
    }

    /// <summary>The format of an encoded image, from its first bytes.</summary>
    public static ImageFormat DetectFormat(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) return ImageFormat.Jpeg;
        if (data.Length >= 8 && data[..8].SequenceEqual(PngSignature)) return ImageFormat.Png;
        if (data.Length >= 6 && (data[..6].SequenceEqual("GIF87a"u8) || data[..6].SequenceEqual("GIF89a"u8))) return ImageFormat.Gif;
        if (data.Length >= 2 && data[0] == (byte)'B' && data[1] == (byte)'M') return ImageFormat.Bmp;
        return ImageFormat.Unknown;
    }

    private static ReadOnlySpan<byte> PngSignature => new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

    /// <summary>Reads and decodes the image file at <paramref name="path"/>; errors name the file.</summary>
    public static DecodedImage DecodeFile(string path, ImageReadMode mode = ImageReadMode.Unchanged, bool applyExifOrientation = true)
    {
        var data = ReadFile(path);
        return Decode(data, mode, applyExifOrientation, path);
    }

    // The bytes of an image file; a missing file is an ImageDecodeException naming it, as every other defect is.
    private static byte[] ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ImageDecodeException(path, ImageFormat.Unknown, "the file does not exist.", e);
        }
    }

    /// <summary>
    /// Decodes an encoded image (JPEG, PNG, BMP or GIF, recognised from its first bytes).
    /// <paramref name="sourceName"/> names it in errors (e.g. its path); by default "image data (N bytes)".
    /// </summary>
    public static DecodedImage Decode(ReadOnlySpan<byte> data, ImageReadMode mode = ImageReadMode.Unchanged,
        bool applyExifOrientation = true, string? sourceName = null) =>
        Decode(data, mode, applyExifOrientation, sourceName, MaxPixels);

    internal static DecodedImage Decode(ReadOnlySpan<byte> data, ImageReadMode mode, bool applyExifOrientation, string? sourceName, long pixelLimit)
    {
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, "Expected an ImageReadMode value.");
        var source = sourceName ?? $"image data ({data.Length} bytes)";
        var format = DetectFormat(data);
        var image = format switch
        {
            ImageFormat.Jpeg => DecodeJpeg(data, source, applyExifOrientation, pixelLimit),
            ImageFormat.Png => DecodePng(data, source, pixelLimit),
            ImageFormat.Bmp => BmpDecoder.Decode(data, source, pixelLimit),
            ImageFormat.Gif => GifDecoder.Decode(data, source, pixelLimit),
            _ => throw new ImageDecodeException(source, ImageFormat.Unknown,
                data.Length == 0
                    ? "the image is empty (0 bytes)."
                    : $"not a JPEG, PNG, BMP or GIF image: it starts with bytes {Hex(data[..Math.Min(8, data.Length)])}."),
        };
        return Convert(image, mode);
    }

    /// <summary>A pixel buffer for width x height x channels, after checking the dimensions and the pixel limit.</summary>
    internal static byte[] Allocate(string source, ImageFormat format, long width, long height, int channels, long pixelLimit)
    {
        CheckDimensions(source, format, width, height, channels, pixelLimit);
        return new byte[width * height * channels];
    }

    /// <summary>
    /// Checks that an image of width x height x channels has pixels, is within the pixel limit (a guard against
    /// decompression bombs) and fits one array; called with the header's size before any decoder runs.
    /// </summary>
    internal static void CheckDimensions(string source, ImageFormat format, long width, long height, int channels, long pixelLimit)
    {
        if (width <= 0 || height <= 0)
            throw new ImageDecodeException(source, format, $"the image has no pixels: its header declares {width} x {height}.");
        var pixels = width * height;
        if (pixels > pixelLimit)
            throw new ImageDecodeException(source, format,
                $"the image is {width} x {height} = {pixels} pixels, more than the limit of {pixelLimit} " +
                "(a guard against decompression bombs). If the image is trusted, raise ImageDecoder.MaxPixels.");
        if (pixels * channels > Array.MaxLength)
            throw new ImageDecodeException(source, format, $"the image is {width} x {height} x {channels} bytes, more than one array can hold.");
    }

    // ---- conversions ----

    /// <summary>PIL's luminance: (19595 R + 38470 G + 7471 B + 32768) >> 16, i.e. 0.299 R + 0.587 G + 0.114 B rounded.</summary>
    internal static byte Luminance(byte r, byte g, byte b) => (byte)((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);

    /// <summary>Converts between 1 (L), 2 (LA), 3 (RGB) and 4 (RGBA) channels as PIL's <c>convert</c> does.</summary>
    internal static DecodedImage Convert(DecodedImage image, ImageReadMode mode)
    {
        var target = mode switch
        {
            ImageReadMode.Gray => 1,
            ImageReadMode.GrayAlpha => 2,
            ImageReadMode.Rgb => 3,
            ImageReadMode.RgbAlpha => 4,
            _ => image.Channels,
        };
        var from = image.Channels;
        if (target == from) return image;
        var count = image.Width * image.Height;
        var input = image.Pixels;
        var output = new byte[(long)count * target];
        for (int p = 0, i = 0, o = 0; p < count; p++, i += from, o += target)
        {
            byte r, g, b, a = 255;
            if (from <= 2) { r = g = b = input[i]; if (from == 2) a = input[i + 1]; }
            else { r = input[i]; g = input[i + 1]; b = input[i + 2]; if (from == 4) a = input[i + 3]; }
            switch (target)
            {
                case 1:
                    output[o] = from <= 2 ? r : Luminance(r, g, b);
                    break;
                case 2:
                    output[o] = from <= 2 ? r : Luminance(r, g, b);
                    output[o + 1] = a;
                    break;
                case 3:
                    output[o] = r; output[o + 1] = g; output[o + 2] = b;
                    break;
                default:
                    output[o] = r; output[o + 1] = g; output[o + 2] = b; output[o + 3] = a;
                    break;
            }
        }
        return new DecodedImage(image.Width, image.Height, target, output);
    }

    /// <summary>Applies an EXIF orientation (1-8) so that the image displays upright.</summary>
    internal static DecodedImage Orient(DecodedImage image, int orientation)
    {
        if (orientation is < 2 or > 8) return image;
        int w = image.Width, h = image.Height, c = image.Channels;
        var swap = orientation >= 5;
        int outW = swap ? h : w, outH = swap ? w : h;
        var input = image.Pixels;
        var output = new byte[input.Length];
        for (var oy = 0; oy < outH; oy++)
            for (var ox = 0; ox < outW; ox++)
            {
                var (sy, sx) = orientation switch
                {
                    2 => (oy, w - 1 - ox),          // mirrored horizontally
                    3 => (h - 1 - oy, w - 1 - ox),  // rotated 180
                    4 => (h - 1 - oy, ox),          // mirrored vertically
                    5 => (ox, oy),                  // transposed
                    6 => (h - 1 - ox, oy),          // stored rotated 90 counter-clockwise: rotate 90 clockwise
                    7 => (h - 1 - ox, w - 1 - oy),  // transversed
                    _ => (ox, w - 1 - oy),          // 8: rotate 90 counter-clockwise
                };
                Array.Copy(input, ((long)sy * w + sx) * c, output, ((long)oy * outW + ox) * c, c);
            }
        return new DecodedImage(outW, outH, c, output);
    }

    internal static string Hex(ReadOnlySpan<byte> bytes)
    {
        var parts = new string[bytes.Length];
        for (var i = 0; i < bytes.Length; i++) parts[i] = $"0x{bytes[i]:X2}";
        return string.Join(" ", parts);
    }
}
