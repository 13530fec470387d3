using System.Buffers.Binary;

namespace KerasNet.TorchSupport;

/// <summary>
/// What the decoder needs from a JPEG's marker segments before the image data: the EXIF orientation (APP1
/// "Exif", TIFF tag 0x0112) and whether an Adobe APP14 segment marks CMYK values as inverted. Malformed segments
/// are ignored (orientation 1), as image viewers do; only the pixel data decides whether a JPEG is corrupt.
/// </summary>
internal readonly record struct JpegMarkers(int Orientation, bool AdobeInverted)
{
    internal static JpegMarkers Read(ReadOnlySpan<byte> data)
    {
        var orientation = 1;
        var adobe = false;
        var position = 2; // after SOI
        while (position + 4 <= data.Length)
        {
            if (data[position] != 0xFF) break;
            var marker = data[position + 1];
            if (marker == 0xFF) { position++; continue; } // fill byte
            if (marker == 0xD8 || marker == 0x01 || marker is >= 0xD0 and <= 0xD7) { position += 2; continue; }
            if (marker == 0xDA || marker == 0xD9) break; // start of scan / end of image
            var length = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(position + 2, 2));
            if (length < 2 || position + 2 + length > data.Length) break;
            var segment = data.Slice(position + 4, length - 2);
            if (marker == 0xE1 && segment.Length >= 6 && segment[..6].SequenceEqual("Exif\0\0"u8))
                orientation = ExifOrientation(segment[6..]) ?? orientation;
            else if (marker == 0xEE && segment.Length >= 5 && segment[..5].SequenceEqual("Adobe"u8))
                adobe = true;
            position += 2 + length;
        }
        return new JpegMarkers(orientation, adobe);
    }

    /// <summary>The orientation tag of IFD0 of a TIFF structure, or null if absent or malformed.</summary>
    internal static int? ExifOrientation(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8) return null;
        bool little;
        if (tiff[0] == 'I' && tiff[1] == 'I') little = true;
        else if (tiff[0] == 'M' && tiff[1] == 'M') little = false;
        else return null;
        if (U16(tiff, 2, little) != 42) return null;
        var ifd = U32(tiff, 4, little);
        if (ifd < 8 || ifd > tiff.Length - 2) return null;
        var count = U16(tiff, (int)ifd, little);
        for (var i = 0; i < count; i++)
        {
            var entry = (long)ifd + 2 + 12L * i;
            if (entry + 12 > tiff.Length) return null;
            if (U16(tiff, (int)entry, little) != 0x0112) continue;
            var type = U16(tiff, (int)entry + 2, little);
            if (type != 3 || U32(tiff, (int)entry + 4, little) < 1) return null; // SHORT, at least one value
            var value = U16(tiff, (int)entry + 8, little);
            return value is >= 1 and <= 8 ? value : null;
        }
        return null;
    }

    private static ushort U16(ReadOnlySpan<byte> b, int offset, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(b.Slice(offset, 2)) : BinaryPrimitives.ReadUInt16BigEndian(b.Slice(offset, 2));

    private static uint U32(ReadOnlySpan<byte> b, int offset, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b.Slice(offset, 4)) : BinaryPrimitives.ReadUInt32BigEndian(b.Slice(offset, 4));
}
