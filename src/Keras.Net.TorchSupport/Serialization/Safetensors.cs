using System.Buffers.Binary;
using System.Text.Json;

namespace KerasNet.TorchSupport;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header mapping each
/// name to its dtype, shape and byte range, then the raw little-endian data. Every header field is validated and
/// every range bounds-checked, so a corrupt or hostile file raises <see cref="TorchFormatException"/>.
/// </summary>
public static class Safetensors
{
    /// <summary>The largest JSON header accepted (the format's reference implementation uses the same limit).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Loads every tensor of the file, in header order.</summary>
    public static Dictionary<string, Tensor> Load(string path) => Load(path, out _);

    /// <summary>Loads every tensor of the file and the header's <c>__metadata__</c> string map.</summary>
    public static Dictionary<string, Tensor> Load(string path, out Dictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = OpenForRead(path);
        var header = ReadHeader(stream, path, out metadata);
        var dataStart = stream.Position;
        var dataLength = stream.Length - dataStart;
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var entry in header)
            {
                if (entry.End > dataLength)
                    throw Corrupt(path, $"tensor '{entry.Name}' ends at byte {entry.End} of the data section, but the file holds only {dataLength} data bytes (truncated file?)");
                stream.Position = dataStart + entry.Begin;
                var tensor = torch.empty(entry.Shape, entry.DType);
                result.Add(entry.Name, tensor);
                ForEachChunk(tensor, chunk => stream.ReadExactly(chunk));
            }
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
        return result;
    }

    /// <summary>Reads only the header: each tensor's name, dtype and shape.</summary>
    public static IReadOnlyList<(string Name, ScalarType DType, long[] Shape)> ReadIndex(string path)
    {
        using var stream = OpenForRead(path);
        return ReadHeader(stream, path, out _).Select(e => (e.Name, e.DType, e.Shape)).ToList();
    }

    /// <summary>
    /// Writes tensors (moved to the CPU, contiguous, one at a time) to <paramref name="path"/>. The file is written to a
    /// temporary name and renamed into place, so an interrupted save leaves any previous file intact.
    /// </summary>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var entries = new List<(string Name, Tensor Tensor, long Bytes)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors)
        {
            if (string.IsNullOrEmpty(name) || name == "__metadata__")
                throw new ArgumentException($"Safetensors.Save: '{name}' cannot be used as a tensor name.", nameof(tensors));
            if (!seen.Add(name)) throw new ArgumentException($"Safetensors.Save: the name '{name}' appears twice.", nameof(tensors));
            ArgumentNullException.ThrowIfNull(tensor, nameof(tensors));
            entries.Add((name, tensor, tensor.numel() * tensor.dtype.ElementSize()));
        }

        using var headerStream = new MemoryStream();
        using (var json = new Utf8JsonWriter(headerStream))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (k, v) in metadata) json.WriteString(k, v);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var e in entries)
            {
                json.WriteStartObject(e.Name);
                json.WriteString("dtype", DTypeCode(e.Tensor.dtype));
                json.WriteStartArray("shape");
                foreach (var size in e.Tensor.shape) json.WriteNumberValue(size);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + e.Bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += e.Bytes;
            }
            json.WriteEndObject();
        }
        // Pad the header with spaces to a multiple of 8 so the data section is aligned.
        var headerLength = headerStream.Length;
        var padded = (headerLength + 7) / 8 * 8;
        for (var i = headerLength; i < padded; i++) headerStream.WriteByte((byte)' ');

        AtomicFile.Write(path, stream =>
        {
            Span<byte> lengthBytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(lengthBytes, (ulong)padded);
            stream.Write(lengthBytes);
            headerStream.Position = 0;
            headerStream.CopyTo(stream);
            // One tensor at a time on the host, written straight from its memory.
            foreach (var e in entries)
            {
                using var scope = torch.NewDisposeScope();
                ForEachChunk(e.Tensor.detach().cpu().contiguous(), chunk => stream.Write(chunk));
            }
        });
    }

    private sealed record Entry(string Name, ScalarType DType, long[] Shape, long Begin, long End);

    private static FileStream OpenForRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (FileNotFoundException e)
        {
            throw new FileNotFoundException($"Safetensors file '{path}' does not exist.", path, e);
        }
    }

    private static List<Entry> ReadHeader(FileStream stream, string path, out Dictionary<string, string> metadata)
    {
        if (stream.Length < 8) throw Corrupt(path, $"the file is {stream.Length} bytes long, shorter than the 8-byte header length");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength < 2 || headerLength > MaxHeaderBytes)
            throw Corrupt(path, $"the header length is {headerLength} bytes; expected 2 to {MaxHeaderBytes} (not a safetensors file?)");
        if ((long)headerLength > stream.Length - 8)
            throw Corrupt(path, $"the header claims {headerLength} bytes but only {stream.Length - 8} follow (truncated file?)");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        if (!System.Text.Unicode.Utf8.IsValid(headerBytes)) throw Corrupt(path, "the header is not valid UTF-8 text");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(headerBytes);
        }
        catch (JsonException e)
        {
            throw Corrupt(path, $"the header is not valid JSON ({e.Message})", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw Corrupt(path, "the header is not a JSON object");
            metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<Entry>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    if (property.Value.ValueKind != JsonValueKind.Object) throw Corrupt(path, "__metadata__ is not an object of strings");
                    foreach (var m in property.Value.EnumerateObject())
                        metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : throw Corrupt(path, $"__metadata__ value '{m.Name}' is not a string");
                    continue;
                }
                entries.Add(ParseEntry(property, path));
            }
            CheckNoOverlap(entries, path);
            return entries;
        }
    }

    private static Entry ParseEntry(JsonProperty property, string path)
    {
        var name = property.Name;
        var value = property.Value;
        if (value.ValueKind != JsonValueKind.Object) throw Corrupt(path, $"entry '{name}' is not an object");
        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Corrupt(path, $"entry '{name}' has no dtype string");
        ScalarType dtype;
        try
        {
            dtype = DTypes.Parse(dtypeElement.GetString()!);
        }
        catch (ArgumentException)
        {
            throw Corrupt(path, $"entry '{name}' has dtype '{dtypeElement.GetString()}', which is not supported (expected F64, F32, F16, BF16, I64, I32, I16, I8, U8 or BOOL)");
        }
        if (!value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw Corrupt(path, $"entry '{name}' has no shape array");
        var shape = new long[shapeElement.GetArrayLength()];
        var i = 0;
        foreach (var s in shapeElement.EnumerateArray())
        {
            if (s.ValueKind != JsonValueKind.Number || !s.TryGetInt64(out var size) || size < 0)
                throw Corrupt(path, $"entry '{name}' has an invalid shape: every size must be a non-negative integer");
            shape[i++] = size;
        }
        if (!value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
            throw Corrupt(path, $"entry '{name}' has no [begin, end] data_offsets");
        if (!offsets[0].TryGetInt64(out var begin) || !offsets[1].TryGetInt64(out var end) || begin < 0 || end < begin)
            throw Corrupt(path, $"entry '{name}' has invalid data_offsets; expected 0 <= begin <= end");
        long expectedBytes;
        try
        {
            expectedBytes = checked(Shape.Numel(shape) * dtype.ElementSize());
        }
        catch (OverflowException)
        {
            throw Corrupt(path, $"entry '{name}' has a shape {Shape.Format(shape)} too large to hold");
        }
        if (end - begin != expectedBytes)
            throw Corrupt(path, $"entry '{name}' spans {end - begin} bytes but a {dtype.ToTorchName()} tensor of shape {Shape.Format(shape)} needs {expectedBytes}");
        return new Entry(name, dtype, shape, begin, end);
    }

    private static void CheckNoOverlap(List<Entry> entries, string path)
    {
        var sorted = entries.Where(e => e.End > e.Begin).OrderBy(e => e.Begin).ToList();
        for (var i = 1; i < sorted.Count; i++)
            if (sorted[i].Begin < sorted[i - 1].End)
                throw Corrupt(path, $"entries '{sorted[i - 1].Name}' and '{sorted[i].Name}' overlap in the data section");
    }

    private static TorchFormatException Corrupt(string path, string what, Exception? inner = null) =>
        new($"'{path}' is not a valid safetensors file: {what}.", "safetensors", inner);

    /// <summary>The safetensors dtype code, e.g. F32.</summary>
    public static string DTypeCode(ScalarType type) => type switch
    {
        ScalarType.Float64 => "F64",
        ScalarType.Float32 => "F32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No safetensors code for this dtype."),
    };

    /// <summary>A new CPU tensor holding <paramref name="bytes"/> (little-endian elements of <paramref name="dtype"/>).</summary>
    internal static Tensor FromBytes(ReadOnlySpan<byte> bytes, long[] shape, ScalarType dtype)
    {
        var tensor = torch.empty(shape, dtype);
        if (bytes.Length > 0) bytes.CopyTo(tensor.bytes);
        return tensor;
    }

    /// <summary>The elements of <paramref name="tensor"/> as little-endian bytes (copied to the CPU, contiguous).</summary>
    internal static byte[] ToBytes(Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        var host = tensor.detach().cpu().contiguous();
        return host.numel() == 0 ? [] : host.bytes.ToArray();
    }

    // Tensor.bytes spans at most int.MaxValue bytes: larger tensors are read and written through views of 1 GiB.
    private const int ChunkBytes = 1 << 30;

    /// <summary>
    /// Calls <paramref name="action"/> on consecutive spans over the memory of a contiguous CPU tensor, each at most
    /// <paramref name="chunkBytes"/> long (rounded down to whole elements).
    /// </summary>
    internal static void ForEachChunk(Tensor tensor, Action<Span<byte>> action, int chunkBytes = ChunkBytes)
    {
        var numel = tensor.numel();
        if (numel == 0) return;
        long perChunk = Math.Max(1, chunkBytes / tensor.dtype.ElementSize());
        using var flat = tensor.reshape(-1);
        for (long start = 0; start < numel; start += perChunk)
        {
            using var chunk = flat.narrow(0, start, Math.Min(perChunk, numel - start));
            action(chunk.bytes);
        }
    }
}
