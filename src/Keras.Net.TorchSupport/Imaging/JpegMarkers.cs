using System.Buffers.Binary;

namespace KerasNet.TorchSupport;

/// <summary>
/// What the decoder needs from a JPEG's marker segments before the image data: the EXIF orientation (APP1
/// "Exif", TIFF tag 0x0112), the frame header (SOF: size and component count, so the pixel limit is checked before
/// the codec runs), and where the walk through the segments stopped (to explain a file the codec cannot open).
/// Malformed segments end the walk (orientation 1 unless read before), as image viewers do; only the codec decides
/// whether a JPEG is corrupt.
/// </summary>
internal readonly record struct JpegMarkers(int Orientation, int Width, int Height, int Components, JpegMarkers.Stop StoppedAt)
{
    /// <summary>Why the walk through the marker segments ended.</summary>
    internal enum Stop
    {
        /// <summary>At the first scan header (SOS): the headers are complete.</summary>
        Scan,
        /// <summary>The data ended inside or between the header segments.</summary>
        EndOfData,
        /// <summary>An end-of-image marker (EOI) came before any scan.</summary>
        EndOfImage,
        /// <summary>Bytes that are not a marker, or a segment with an impossible length.</summary>
        Malformed,
    }

    /// <summary>Whether a frame header (SOF) was read: <see cref="Width"/>, <see cref="Height"/> and <see cref="Components"/> are its values.</summary>
    internal bool HasFrame => Components > 0;

    internal static JpegMarkers Read(ReadOnlySpan<byte> data)
    {
        var orientation = 1;
        int width = 0, height = 0, components = 0;
        var position = 2; // after SOI
        while (true)
        {
            if (position + 2 > data.Length) return new(orientation, width, height, components, Stop.EndOfData);
            if (data[position] != 0xFF) return new(orientation, width, height, components, Stop.Malformed);
            var marker = data[position + 1];
            if (marker == 0xFF) { position++; continue; } // fill byte
            if (marker == 0xD8 || marker == 0x01 || marker is >= 0xD0 and <= 0xD7) { position += 2; continue; }
            if (marker == 0xDA) return new(orientation, width, height, components, Stop.Scan);
            if (marker == 0xD9) return new(orientation, width, height, components, Stop.EndOfImage);
            if (position + 4 > data.Length) return new(orientation, width, height, components, Stop.EndOfData);
            var length = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(position + 2, 2));
            if (length < 2) return new(orientation, width, height, components, Stop.Malformed);
            if (position + 2 + length > data.Length) return new(orientation, width, height, components, Stop.EndOfData);
            var segment = data.Slice(position + 4, length - 2);
            if (marker == 0xE1 && segment.Length >= 6 && segment[..6].SequenceEqual("Exif\0\0"u8))
                orientation = ExifOrientation(segment[6..]) ?? orientation;
            else if (IsFrameHeader(marker) && segment.Length >= 6 && components == 0)
            {
                height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
                components = segment[5];
            }
            position += 2 + length;
        }
    }

    // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    private static bool IsFrameHeader(byte marker) => marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);

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
