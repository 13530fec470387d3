namespace KerasNet.TorchSupport;

/// <summary>The channels a decoded image is converted to, as torchvision's <c>ImageReadMode</c>.</summary>
public enum ImageReadMode
{
    /// <summary>The image's own channels: 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGB + alpha).</summary>
    Unchanged,
    /// <summary>One channel: luminance L = 0.299 R + 0.587 G + 0.114 B (ITU-R 601-2, as PIL), alpha dropped.</summary>
    Gray,
    /// <summary>Two channels: luminance and alpha (255 where the image has none).</summary>
    GrayAlpha,
    /// <summary>Three channels: red, green, blue; gray is replicated, alpha dropped.</summary>
    Rgb,
    /// <summary>Four channels: red, green, blue, alpha (255 where the image has none).</summary>
    RgbAlpha,
}

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
