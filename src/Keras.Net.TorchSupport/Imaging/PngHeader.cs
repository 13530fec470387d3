using System.Buffers.Binary;

namespace KerasNet.TorchSupport;

/// <summary>
/// A PNG's IHDR chunk and whether a tRNS chunk precedes the image data: what the decoder needs to know the image's
/// natural channel count (which the codec does not report: it describes every colour image as 32-bit) and to check
/// the pixel limit before the codec runs. The IHDR's CRC is checked here, so a damaged header is reported as such.
/// </summary>
internal readonly record struct PngHeader(long Width, long Height, int BitDepth, int ColorType, bool HasTransparency)
{
    private const int Gray = 0, Rgb = 2, Palette = 3, GrayAlpha = 4, Rgba = 6;

    /// <summary>
    /// The channels PIL and libpng give the image at 8 bits per sample: gray 1, gray + alpha 2, RGB 3, RGBA 4;
    /// a palette expands to RGB; a tRNS chunk adds an alpha channel to gray, RGB and palette images.
    /// </summary>
    internal int Channels => ColorType switch
    {
        Gray => HasTransparency ? 2 : 1,
        GrayAlpha => 2,
        Rgb or Palette => HasTransparency ? 4 : 3,
        _ => 4,
    };

    /// <summary>Reads the header of the PNG in <paramref name="data"/> (whose 8-byte signature the caller has checked).</summary>
    /// <exception cref="ImageDecodeException">The IHDR chunk is missing, cut short, fails its CRC or declares an impossible image.</exception>
    internal static PngHeader Read(ReadOnlySpan<byte> data, string source)
    {
        ImageDecodeException Bad(string reason) => new(source, ImageFormat.Png, reason);
        const int headerEnd = 8 + 8 + 13 + 4; // signature, IHDR length and type, IHDR data, CRC
        if (data.Length < headerEnd)
            throw Bad($"truncated PNG: {data.Length} bytes cannot hold the signature and the IHDR chunk ({headerEnd} bytes).");
        var length = BinaryPrimitives.ReadUInt32BigEndian(data[8..]);
        var type = data.Slice(12, 4);
        if (!type.SequenceEqual("IHDR"u8) || length != 13)
            throw Bad($"corrupt PNG: the first chunk is {ImageDecoder.Hex(type)} of {length} bytes; expected IHDR of 13 bytes.");
        var stored = BinaryPrimitives.ReadUInt32BigEndian(data[29..]);
        if (Crc32(data.Slice(12, 17)) != stored)
            throw Bad("corrupt PNG: the IHDR chunk fails its CRC check (the header is damaged).");
        long width = BinaryPrimitives.ReadUInt32BigEndian(data[16..]);
        long height = BinaryPrimitives.ReadUInt32BigEndian(data[20..]);
        int depth = data[24], color = data[25];
        var valid = color switch
        {
            Gray => depth is 1 or 2 or 4 or 8 or 16,
            Palette => depth is 1 or 2 or 4 or 8,
            Rgb or GrayAlpha or Rgba => depth is 8 or 16,
            _ => false,
        };
        if (!valid) throw Bad($"corrupt PNG: IHDR declares colour type {color} at bit depth {depth}, a combination PNG does not define.");
        if (width > int.MaxValue || height > int.MaxValue)
            throw Bad($"corrupt PNG: IHDR declares {width} x {height} pixels; PNG allows at most 2147483647 in each direction.");
        return new PngHeader(width, height, depth, color, HasTransparencyChunk(data[headerEnd..]));
    }

    // Walks the chunks after IHDR up to the first IDAT (tRNS must come before it). A chunk cut short ends the walk:
    // the codec reports the truncation.
    private static bool HasTransparencyChunk(ReadOnlySpan<byte> chunks)
    {
        long position = 0;
        while (position + 8 <= chunks.Length)
        {
            var chunk = chunks[(int)position..];
            var type = chunk.Slice(4, 4);
            if (type.SequenceEqual("tRNS"u8)) return true;
            if (type.SequenceEqual("IDAT"u8) || type.SequenceEqual("IEND"u8)) return false;
            position += 12L + BinaryPrimitives.ReadUInt32BigEndian(chunk);
        }
        return false;
    }

    /// <summary>PNG's CRC-32 (ISO 3309, reflected polynomial 0xEDB88320) of a chunk's type and data.</summary>
    internal static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
