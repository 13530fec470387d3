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
