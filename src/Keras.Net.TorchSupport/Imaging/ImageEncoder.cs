using SkiaSharp;

namespace KerasNet.TorchSupport;

/// <summary>
/// Encodes a <see cref="DecodedImage"/> as PNG (lossless) or JPEG through SkiaSharp. Gray (1 channel), RGB (3) and
/// RGBA (4) images are written; JPEG has no alpha, so an RGBA image must be converted to RGB first.
/// </summary>
public static class ImageEncoder
{
    /// <summary>Encodes <paramref name="image"/> in <paramref name="format"/> (PNG or JPEG) and returns the bytes.</summary>
    /// <param name="image">The pixels.</param>
    /// <param name="format"><see cref="ImageFormat.Png"/> or <see cref="ImageFormat.Jpeg"/>.</param>
    /// <param name="quality">JPEG quality, 1 to 100 (PIL's default is 75); ignored for PNG.</param>
    /// <exception cref="ArgumentException">The format, the channel count or the quality is not supported.</exception>
    public static byte[] Encode(DecodedImage image, ImageFormat format, int quality = 75)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (format is not (ImageFormat.Png or ImageFormat.Jpeg))
            throw new ArgumentException($"ImageEncoder: format {format} cannot be written; PNG and JPEG can.", nameof(format));
        if (quality is < 1 or > 100)
            throw new ArgumentOutOfRangeException(nameof(quality), quality, "ImageEncoder: JPEG quality must be between 1 and 100.");
        if (image.Channels == 2 || (format == ImageFormat.Jpeg && image.Channels == 4))
            throw new ArgumentException(
                $"ImageEncoder: a {image.Channels}-channel image cannot be written as {format}; convert it to " +
                (format == ImageFormat.Jpeg ? "gray or RGB (JPEG has no alpha)." : "gray, RGB or RGBA."), nameof(image));
        var gray = image.Channels == 1;
        var info = gray
            ? new SKImageInfo(image.Width, image.Height, SKColorType.Gray8, SKAlphaType.Opaque)
            : new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, image.Channels == 4 ? SKAlphaType.Unpremul : SKAlphaType.Opaque);
        var pixels = gray || image.Channels == 4 ? image.Pixels : ToRgba(image);
        using var data = SKData.CreateCopy(pixels);
        using var skImage = SKImage.FromPixels(info, data, info.RowBytes)
                            ?? throw new ArgumentException($"ImageEncoder: SkiaSharp refused a {image.Width} x {image.Height} x {image.Channels} image.", nameof(image));
        using var encoded = skImage.Encode(format == ImageFormat.Png ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg, quality)
                            ?? throw new InvalidOperationException($"ImageEncoder: SkiaSharp could not encode the {image.Width} x {image.Height} image as {format}.");
        return encoded.ToArray();
    }

    private static byte[] ToRgba(DecodedImage image)
    {
        var source = image.Pixels;
        var rgba = new byte[(long)image.Width * image.Height * 4];
        for (long p = 0, i = 0, o = 0; p < (long)image.Width * image.Height; p++, i += 3, o += 4)
        {
            rgba[o] = source[i];
            rgba[o + 1] = source[i + 1];
            rgba[o + 2] = source[i + 2];
            rgba[o + 3] = 255;
        }
        return rgba;
    }
}
