using System.Buffers.Binary;
using System.IO.Compression;

namespace KerasNet.Datasets;

/// <summary>
/// Reads IDX files (the MNIST format), gzip-compressed or raw. An IDX file is a 4-byte magic number
/// (0x00, 0x00, element type, number of dimensions), one big-endian int32 per dimension, then the elements in
/// row-major order. Only unsigned-byte elements (type 0x08) are read, which is what every MNIST-style file holds.
/// </summary>
internal static class IdxReader
{
    internal const byte UnsignedByteType = 0x08;
    private const int MaxRank = 8;
    private const int InitialGzipBuffer = 1 << 20;

    /// <summary>The dimensions and elements of one IDX file.</summary>
    internal sealed record IdxArray(int[] Dims, byte[] Data);

    /// <summary>Reads an IDX file of unsigned bytes with <paramref name="expectedRank"/> dimensions.</summary>
    internal static IdxArray Read(string path, int expectedRank)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (FileNotFoundException e)
        {
            throw new DatasetFormatException(path, "the file does not exist.", e);
        }
        using (file)
        {
            var first = new byte[2];
            var peeked = ReadFully(file, first, 0, 2);
            file.Position = 0;
            if (peeked == 2 && first[0] == 0x1f && first[1] == 0x8b)
            {
                using var gzip = new GZipStream(file, CompressionMode.Decompress);
                return Read(gzip, path, expectedRank, knownLength: null, compressed: true);
            }
            return Read(file, path, expectedRank, knownLength: file.Length, compressed: false);
        }
    }

    /// <summary>Reads an IDX array from a stream; <paramref name="path"/> names it in errors.</summary>
    internal static IdxArray Read(Stream stream, string path, int expectedRank, long? knownLength, bool compressed)
    {
        try
        {
            return ReadCore(stream, path, expectedRank, knownLength, compressed);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(path,
                $"the gzip data is corrupt ({e.Message}). Delete the file and download or generate it again.", e);
        }
    }

    private static IdxArray ReadCore(Stream stream, string path, int expectedRank, long? knownLength, bool compressed)
    {
        var magic = new byte[4];
        var got = ReadFully(stream, magic, 0, 4);
        if (got < 4)
            throw new DatasetFormatException(path,
                $"truncated: the file ends after {got} byte(s), inside the 4-byte IDX magic number. " +
                "Delete the file and download or generate it again.");
        var expectedMagic = $"0x00 0x00 0x{UnsignedByteType:X2} 0x{expectedRank:X2}";
        if (magic[0] != 0 || magic[1] != 0)
            throw new DatasetFormatException(path,
                $"not an IDX file{(compressed ? " (after gzip decompression)" : "")}: it starts with bytes {Hex(magic)}, " +
                $"expected the IDX magic number {expectedMagic}. Check that this is the MNIST-format file it is named after " +
                "(not an HTML error page or a file of another format).");
        if (magic[2] != UnsignedByteType)
            throw new DatasetFormatException(path,
                $"IDX element type 0x{magic[2]:X2} ({TypeName(magic[2])}) is not supported: expected 0x08 (unsigned byte), " +
                $"magic number {expectedMagic}.");
        if (magic[3] != expectedRank)
            throw new DatasetFormatException(path,
                $"the IDX file has {magic[3]} dimension(s) (magic {Hex(magic)}), expected {expectedRank} " +
                $"(magic {expectedMagic}): {(expectedRank == 1 ? "a labels file" : expectedRank == 3 ? "an images file" : "another kind of file")} " +
                "was expected. Check that the images and labels files are not swapped.");
        if (magic[3] > MaxRank)
            throw new DatasetFormatException(path, $"the IDX header declares {magic[3]} dimensions; at most {MaxRank} are supported.");

        var rank = magic[3];
        var header = new byte[4 * rank];
        got = ReadFully(stream, header, 0, header.Length);
        if (got < header.Length)
            throw new DatasetFormatException(path,
                $"truncated: the file ends inside the IDX header ({4 + got} of {4 + header.Length} header bytes present). " +
                "Delete the file and download or generate it again.");
        var dims = new int[rank];
        long count = 1;
        for (var i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 * i, 4));
            if (dims[i] < 0)
                throw new DatasetFormatException(path, $"the IDX header declares a negative size ({dims[i]}) for dimension {i}; the file is corrupt.");
            count = count > 0 && dims[i] > Array.MaxLength / count ? long.MaxValue : count * dims[i];
        }
        var declared = string.Join(" x ", dims);
        if (count > Array.MaxLength)
            throw new DatasetFormatException(path,
                $"the IDX header declares dimensions {declared}, more than the {Array.MaxLength} bytes one array can hold; the file is corrupt.");

        var headerBytes = 4L + header.Length;
        if (knownLength is long length && length - headerBytes != count)
        {
            var present = length - headerBytes;
            throw new DatasetFormatException(path, present < count
                ? $"truncated: the IDX header declares dimensions {declared} ({count} data bytes) but the file holds only {present}. Delete the file and download or generate it again."
                : $"the IDX header declares dimensions {declared} ({count} data bytes) but the file holds {present} bytes of data ({present - count} extra); the file is corrupt or not what its name says.");
        }

        var data = ReadData(stream, (int)count, path, declared, compressed);
        if (compressed)
        {
            var extra = new byte[1];
            if (ReadFully(stream, extra, 0, 1) != 0)
                throw new DatasetFormatException(path,
                    $"the IDX header declares dimensions {declared} ({count} data bytes) but the decompressed file holds more data; the file is corrupt or not what its name says.");
        }
        return new IdxArray(dims, data);
    }

    private static byte[] ReadData(Stream stream, int count, string path, string declared, bool compressed)
    {
        // A corrupt header can declare gigabytes: grow the buffer as data actually arrives instead of trusting it.
        var buffer = new byte[compressed ? Math.Min(count, InitialGzipBuffer) : count];
        var filled = 0;
        while (filled < count)
        {
            if (filled == buffer.Length)
                Array.Resize(ref buffer, (int)Math.Min(count, 2L * buffer.Length));
            var n = stream.Read(buffer, filled, buffer.Length - filled);
            if (n == 0)
                throw new DatasetFormatException(path,
                    $"truncated: the IDX header declares dimensions {declared} ({count} data bytes) but the {(compressed ? "decompressed " : "")}file holds only {filled}. " +
                    "Delete the file and download or generate it again.");
            filled += n;
        }
        return buffer;
    }

    private static int ReadFully(Stream stream, byte[] buffer, int offset, int count)
    {
        var total = 0;
        while (total < count)
        {
            var n = stream.Read(buffer, offset + total, count - total);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    private static string Hex(byte[] bytes) => string.Join(" ", bytes.Select(b => $"0x{b:X2}"));

    private static string TypeName(byte type) => type switch
    {
        0x08 => "unsigned byte",
        0x09 => "signed byte",
        0x0B => "int16",
        0x0C => "int32",
        0x0D => "float32",
        0x0E => "float64",
        _ => "unknown type",
    };
}
