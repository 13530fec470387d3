using System.Buffers.Binary;
using System.Text;

namespace KerasNet.Callbacks;

/// <summary>
/// The few protobuf messages of TensorBoard's event files, encoded by hand (field numbers of TensorFlow's
/// <c>event.proto</c>, <c>summary.proto</c> and <c>histogram.proto</c>): Event {wall_time = 1 (double), step = 2
/// (int64), file_version = 3 (string), summary = 5}; Summary {value = 1 (repeated)}; Summary.Value {tag = 1,
/// simple_value = 2 (float), histo = 5}; HistogramProto {min = 1, max = 2, num = 3, sum = 4, sum_squares = 5,
/// bucket_limit = 6 (packed doubles), bucket = 7 (packed doubles)}.
/// </summary>
internal static class EventProtobuf
{
    private const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    /// <summary>A histogram of values: bucket right edges and counts.</summary>
    internal sealed record Histogram(double Min, double Max, double Count, double Sum, double SumSquares, double[] BucketLimits, double[] Buckets);

    /// <summary>An Event holding only the file version (the first record of every event file).</summary>
    internal static byte[] FileVersionEvent(double wallTime, string version)
    {
        using var message = new MemoryStream();
        WriteDouble(message, 1, wallTime);
        WriteBytes(message, 3, Encoding.UTF8.GetBytes(version));
        return message.ToArray();
    }

    /// <summary>An Event whose summary holds scalars and histograms.</summary>
    internal static byte[] SummaryEvent(double wallTime, long step, IEnumerable<(string Tag, float Value)> scalars, IEnumerable<(string Tag, Histogram Histogram)> histograms)
    {
        using var summary = new MemoryStream();
        Span<byte> bytes = stackalloc byte[4];
        foreach (var (tag, value) in scalars)
        {
            using var v = new MemoryStream();
            WriteBytes(v, 1, Encoding.UTF8.GetBytes(tag));
            WriteTag(v, 2, Fixed32);
            BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
            v.Write(bytes);
            WriteBytes(summary, 1, v.ToArray());
        }
        foreach (var (tag, histogram) in histograms)
        {
            using var v = new MemoryStream();
            WriteBytes(v, 1, Encoding.UTF8.GetBytes(tag));
            WriteBytes(v, 5, Encode(histogram));
            WriteBytes(summary, 1, v.ToArray());
        }
        using var message = new MemoryStream();
        WriteDouble(message, 1, wallTime);
        WriteTag(message, 2, Varint);
        WriteVarint(message, unchecked((ulong)step));
        WriteBytes(message, 5, summary.ToArray());
        return message.ToArray();
    }

    private static byte[] Encode(Histogram h)
    {
        using var m = new MemoryStream();
        WriteDouble(m, 1, h.Min);
        WriteDouble(m, 2, h.Max);
        WriteDouble(m, 3, h.Count);
        WriteDouble(m, 4, h.Sum);
        WriteDouble(m, 5, h.SumSquares);
        WriteBytes(m, 6, PackedDoubles(h.BucketLimits));
        WriteBytes(m, 7, PackedDoubles(h.Buckets));
        return m.ToArray();
    }

    private static byte[] PackedDoubles(double[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
        return bytes;
    }

    private static void WriteTag(Stream s, int field, int wireType) => WriteVarint(s, (ulong)((field << 3) | wireType));

    private static void WriteVarint(Stream s, ulong value)
    {
        while (value >= 0x80)
        {
            s.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        s.WriteByte((byte)value);
    }

    private static void WriteDouble(Stream s, int field, double value)
    {
        WriteTag(s, field, Fixed64);
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        s.Write(bytes);
    }

    private static void WriteBytes(Stream s, int field, byte[] value)
    {
        WriteTag(s, field, LengthDelimited);
        WriteVarint(s, (ulong)value.Length);
        s.Write(value);
    }
}
