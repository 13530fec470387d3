namespace KerasNet.TorchSupport;

/// <summary>
/// An image that cannot be decoded: truncated, corrupt, of an unsupported format or variant, or larger than the
/// decoder's pixel limit. The message names the file (or says the image came from memory) and the reason.
/// </summary>
public sealed class ImageDecodeException : TorchException
{
    /// <summary>Creates the exception.</summary>
    public ImageDecodeException(string source, ImageFormat format, string reason, Exception? inner = null)
        : base($"{source}: {reason}", "decode_image", inner)
    {
        (SourceName, Format, Reason) = (source, format, reason);
    }

    /// <summary>The file path, or a description such as "image data (1234 bytes)" when decoding from memory.</summary>
    public string SourceName { get; }

    /// <summary>The format detected from the first bytes (<see cref="ImageFormat.Unknown"/> if none).</summary>
    public ImageFormat Format { get; }

    /// <summary>The reason, without the source prefix.</summary>
    public string Reason { get; }
}
