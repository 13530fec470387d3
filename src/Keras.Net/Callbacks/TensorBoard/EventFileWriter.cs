using System.Buffers.Binary;

namespace KerasNet.Callbacks;

/// <summary>
/// Appends TensorBoard events to one file <c>events.out.tfevents.&lt;unix time&gt;.&lt;host&gt;</c> in TFRecord framing:
/// each record is its length (uint64, little-endian), the masked CRC-32C of those 8 bytes, the data, and the masked
/// CRC-32C of the data. The first record is an Event naming the file version <c>brain.Event:2</c>.
/// </summary>
/// <remarks>
/// An event file is a log that grows while training runs, so it is appended to rather than replaced atomically;
/// a record cut short by a crash is ignored by TensorBoard's reader.
/// </remarks>
public sealed class EventFileWriter : IDisposable
{
    private readonly FileStream stream;

    /// <summary>Creates <paramref name="directory"/> if needed and opens a new event file in it.</summary>
    public EventFileWriter(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var name = $"events.out.tfevents.{seconds}.{Environment.MachineName}";
        // Two writers in one second (a second Fit) get distinct files, as TensorFlow's pid/counter suffix does.
        var path = Path.Combine(directory, name);
        for (var n = 1; File.Exists(path); n++) path = Path.Combine(directory, $"{name}.{Environment.ProcessId}.{n}.v2");
        FilePath = path;
        stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        WriteRecord(EventProtobuf.FileVersionEvent(WallTime(), "brain.Event:2"));
    }

    /// <summary>The event file.</summary>
    public string FilePath { get; }

    /// <summary>Writes scalars and histograms at <paramref name="step"/> as one Event.</summary>
    internal void Write(long step, IEnumerable<(string Tag, float Value)> scalars, IEnumerable<(string Tag, EventProtobuf.Histogram Histogram)>? histograms = null) =>
        WriteRecord(EventProtobuf.SummaryEvent(WallTime(), step, scalars, histograms ?? Array.Empty<(string, EventProtobuf.Histogram)>()));

    /// <summary>Writes one TFRecord.</summary>
    public void WriteRecord(ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32C.Masked(header[..8]));
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, Crc32C.Masked(data));
        stream.Write(header);
        stream.Write(data);
        stream.Write(footer);
    }

    /// <summary>Pushes the written events to the file, so that TensorBoard sees them.</summary>
    public void Flush() => stream.Flush();

    /// <summary>Closes the file.</summary>
    public void Dispose() => stream.Dispose();

    private static double WallTime() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
}
