namespace KerasNet.TorchSupport;

/// <summary>
/// A decoded image in managed memory: 8-bit samples, interleaved (height, width, channels), rows top to bottom.
/// </summary>
public sealed class DecodedImage
{
    /// <summary>Creates an image over <paramref name="pixels"/> (height * width * channels bytes, HWC).</summary>
    public DecodedImage(int width, int height, int channels, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"Image dimensions must be positive; received {width} x {height}.");
        if (channels is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Channels must be 1 to 4.");
        if (pixels.LongLength != (long)width * height * channels)
            throw new ArgumentException($"{width} x {height} x {channels} needs {(long)width * height * channels} bytes; received {pixels.LongLength}.", nameof(pixels));
        (Width, Height, Channels, Pixels) = (width, height, channels, pixels);
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Channels per pixel: 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA.</summary>
    public int Channels { get; }

    /// <summary>The samples, (height, width, channels) row-major.</summary>
    public byte[] Pixels { get; }

    /// <summary>
    /// A uint8 tensor of the image: (channels, height, width) when <paramref name="channelsFirst"/> (torchvision's
    /// layout, the default), else (height, width, channels).
    /// </summary>
    public Tensor ToTensor(bool channelsFirst = true)
    {
        if (!channelsFirst || Channels == 1)
            return channelsFirst
                ? torch.tensor(Pixels, new long[] { 1, Height, Width })
                : torch.tensor(Pixels, new long[] { Height, Width, Channels });
        var planar = new byte[Pixels.Length];
        var plane = Width * Height;
        for (var c = 0; c < Channels; c++)
        {
            var output = planar.AsSpan(c * plane, plane);
            for (int p = 0, i = c; p < plane; p++, i += Channels) output[p] = Pixels[i];
        }
        return torch.tensor(planar, new long[] { Channels, Height, Width });
    }
}
