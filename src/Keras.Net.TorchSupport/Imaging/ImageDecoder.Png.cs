using SkiaSharp;

namespace KerasNet.TorchSupport;

public static partial class ImageDecoder
{
    /// <summary>
    /// Decodes a PNG through <see cref="SKCodec"/> into its natural channels (<see cref="PngHeader.Channels"/>: gray 1,
    /// gray + alpha 2, RGB and palette 3, RGBA 4, a tRNS chunk adding alpha), as PIL. 1- to 4-bit samples are
    /// expanded, 16-bit samples keep their high byte (libpng's strip, which PIL's 8-bit modes match).
    /// </summary>
    private static DecodedImage DecodePng(ReadOnlySpan<byte> data, string source, long pixelLimit)
    {
        var header = PngHeader.Read(data, source);
        CheckDimensions(source, ImageFormat.Png, header.Width, header.Height, header.Channels, pixelLimit);
        using var codec = SkiaCodecs.Open(data, out var opened) ?? throw SkiaCodecs.Failure(source, ImageFormat.Png, opened);
        var info = codec.Info;
        if (codec.EncodedFormat != SKEncodedImageFormat.Png || info.Width != header.Width || info.Height != header.Height)
            throw new ImageDecodeException(source, ImageFormat.Png,
                $"corrupt PNG: the decoder reads a {info.Width} x {info.Height} {codec.EncodedFormat} image; IHDR declares {header.Width} x {header.Height}.");
        return SkiaCodecs.DecodeImage(codec, info.Width, info.Height, header.Channels, source, ImageFormat.Png, pixelLimit);
    }
}
