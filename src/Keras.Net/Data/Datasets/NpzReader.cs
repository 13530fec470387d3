using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace KerasNet.Datasets;

/// <summary>
/// Reads the arrays of a NumPy <c>.npz</c> archive (a zip of <c>.npy</c> files) that data sets are published in:
/// 1-D integer arrays, 1-D object arrays of integer lists (through <see cref="NumpyObjectArrayPickle"/>), and
/// C-ordered float64/float32 arrays of a given rank.
/// Anything else is refused with a <see cref="DatasetFormatException"/>.
/// </summary>
internal static partial class NpzReader
{
    private static readonly byte[] Magic = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

    /// <summary>A parsed .npy header: the dtype descriptor, the shape and where the data starts.</summary>
    internal sealed record NpyHeader(string Descr, bool FortranOrder, long[] Shape, int DataOffset);

    /// <summary>The raw bytes of each named member (<c>x_train</c> for <c>x_train.npy</c>).</summary>
    internal static Dictionary<string, byte[]> ReadMembers(string path, IReadOnlyList<string> names)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                var entry = zip.GetEntry(name + ".npy") ?? throw new DatasetFormatException(path,
                    $"has no array '{name}' (members: {string.Join(", ", zip.Entries.Select(e => e.FullName))}).");
                if (entry.Length > 1L << 31) throw new DatasetFormatException(path, $"array '{name}' is {entry.Length} bytes, more than this reader takes.");
                using var stream = entry.Open();
                using var memory = new MemoryStream((int)entry.Length);
                stream.CopyTo(memory);
                result[name] = memory.ToArray();
            }
            return result;
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(path, $"is not a readable .npz (zip) archive: {e.Message}", e);
        }
    }

    /// <summary>Parses the header of a .npy file (versions 1 to 3).</summary>
    internal static NpyHeader ReadHeader(byte[] npy, string where)
    {
        if (npy.Length < 10 || !npy.AsSpan(0, 6).SequenceEqual(Magic))
            throw new DatasetFormatException(where, "is not a .npy array (no \\x93NUMPY magic).");
        var major = npy[6];
        int length, start;
        switch (major)
        {
            case 1: length = BinaryPrimitives.ReadUInt16LittleEndian(npy.AsSpan(8)); start = 10; break;
            case 2 or 3 when npy.Length >= 12: length = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(npy.AsSpan(8))); start = 12; break;
            default: throw new DatasetFormatException(where, $"has .npy format version {major}; versions 1 to 3 are read.");
        }
        if (start + (long)length > npy.Length) throw new DatasetFormatException(where, "is truncated inside its .npy header.");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(npy, start, length);
        var descr = HeaderField(header, "descr", where);
        var fortran = HeaderField(header, "fortran_order", where);
        var shapeText = HeaderField(header, "shape", where);
        var descrMatch = QuotedPattern().Match(descr);
        if (!descrMatch.Success) throw new DatasetFormatException(where, $"has dtype {descr}; a simple dtype string was expected.");
        var shape = shapeText.Trim('(', ')', ' ').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw new DatasetFormatException(where, $"has shape {shapeText}, which is not a tuple of sizes."))
            .ToArray();
        return new NpyHeader(descrMatch.Groups[1].Value, fortran == "True", shape, start + length);
    }

    private static string HeaderField(string header, string key, string where)
    {
        var match = Regex.Match(header, $"'{key}'\\s*:\\s*(\\([^)]*\\)|'[^']*'|True|False)");
        return match.Success ? match.Groups[1].Value : throw new DatasetFormatException(where, $"has a .npy header without '{key}': {header.Trim()}");
    }

    [GeneratedRegex("^'([^']*)'$")]
    private static partial Regex QuotedPattern();

    /// <summary>A 1-D array of little-endian integers (any width) as longs.</summary>
    internal static long[] ReadIntegers(byte[] npy, string where)
    {
        var header = ReadHeader(npy, where);
        if (header.Shape.Length != 1) throw new DatasetFormatException(where, $"has shape ({string.Join(", ", header.Shape)}); a 1-D array was expected.");
        var (size, signed) = header.Descr switch
        {
            "<i8" => (8, true), "<i4" => (4, true), "<i2" => (2, true), "|i1" => (1, true),
            "<u8" => (8, false), "<u4" => (4, false), "<u2" => (2, false), "|u1" => (1, false),
            _ => throw new DatasetFormatException(where, $"has dtype '{header.Descr}'; little-endian integers were expected."),
        };
        var count = header.Shape[0];
        if (count < 0 || count != (npy.Length - header.DataOffset) / size || (npy.Length - header.DataOffset) % size != 0)
            throw new DatasetFormatException(where, $"holds {npy.Length - header.DataOffset} data bytes; its header announces {count} values of {size} bytes.");
        var values = new long[count];
        var data = npy.AsSpan(header.DataOffset);
        for (var i = 0; i < count; i++)
        {
            var item = data.Slice(i * size, size);
            values[i] = (size, signed) switch
            {
                (8, _) => BinaryPrimitives.ReadInt64LittleEndian(item),
                (4, true) => BinaryPrimitives.ReadInt32LittleEndian(item),
                (4, false) => BinaryPrimitives.ReadUInt32LittleEndian(item),
                (2, true) => BinaryPrimitives.ReadInt16LittleEndian(item),
                (2, false) => BinaryPrimitives.ReadUInt16LittleEndian(item),
                (_, true) => (sbyte)item[0],
                _ => item[0],
            };
        }
        return values;
    }

    /// <summary>A 1-D object array whose elements are lists of integers, as NumPy pickles it.</summary>
    internal static long[][] ReadIntLists(byte[] npy, string where)
    {
        var header = ReadHeader(npy, where);
        if (header.Descr != "|O") throw new DatasetFormatException(where, $"has dtype '{header.Descr}'; an object array ('|O') of integer lists was expected.");
        if (header.Shape.Length != 1) throw new DatasetFormatException(where, $"has shape ({string.Join(", ", header.Shape)}); a 1-D array was expected.");
        return NumpyObjectArrayPickle.ReadIntListArray(npy, header.DataOffset, where, header.Shape[0]);
    }

    /// <summary>
    /// A C-ordered array of little-endian float64 (<c>&lt;f8</c>) or float32 (<c>&lt;f4</c>) values of rank
    /// <paramref name="rank"/>: its values as doubles, its shape, and whether the file held float32.
    /// </summary>
    internal static (double[] Values, long[] Shape, bool Single) ReadFloats(byte[] npy, string where, int rank)
    {
        var header = ReadHeader(npy, where);
        var size = header.Descr switch
        {
            "<f8" => 8,
            "<f4" => 4,
            _ => throw new DatasetFormatException(where, $"has dtype '{header.Descr}'; little-endian float64 ('<f8') or float32 ('<f4') was expected."),
        };
        if (header.Shape.Length != rank)
            throw new DatasetFormatException(where, $"has shape ({string.Join(", ", header.Shape)}); a {rank}-D array was expected.");
        if (header.FortranOrder && rank > 1)
            throw new DatasetFormatException(where, "is stored in Fortran (column-major) order; a C-ordered array was expected (numpy.ascontiguousarray before saving).");
        var bytes = npy.Length - (long)header.DataOffset;
        var count = header.Shape.Aggregate(1L, (a, b) => a == 0 || b <= bytes / a ? a * b : long.MaxValue);
        if (bytes % size != 0 || count != bytes / size)
            throw new DatasetFormatException(where, $"holds {bytes} data bytes; its header announces {count} values of {size} bytes.");
        var values = new double[count];
        var data = npy.AsSpan(header.DataOffset);
        for (var i = 0; i < count; i++)
            values[i] = size == 8 ? BinaryPrimitives.ReadDoubleLittleEndian(data.Slice(i * 8, 8)) : BinaryPrimitives.ReadSingleLittleEndian(data.Slice(i * 4, 4));
        return (values, header.Shape, size == 4);
    }
}
