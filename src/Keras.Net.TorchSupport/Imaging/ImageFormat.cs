namespace KerasNet.TorchSupport;

/// <summary>The image file formats the decoder reads.</summary>
public enum ImageFormat
{
    /// <summary>Not a format the decoder recognises.</summary>
    Unknown,
    /// <summary>JPEG (baseline, progressive; gray, YCbCr, RGB, CMYK or YCCK), decoded by SkiaSharp's SKCodec (libjpeg-turbo).</summary>
    Jpeg,
    /// <summary>PNG (1- to 16-bit, palette, alpha, interlaced), decoded by SkiaSharp's SKCodec (libpng).</summary>
    Png,
    /// <summary>Windows bitmap (uncompressed 1/4/8/16/24/32-bit, bit fields).</summary>
    Bmp,
    /// <summary>GIF (the first frame).</summary>
    Gif,
}
