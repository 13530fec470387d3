using System.IO.Compression;
using System.Text;

namespace KerasNet.TorchSupport;

/// <summary>
/// Reads PyTorch state_dicts written by <c>torch.save</c> (the zip format of PyTorch 1.6 and later:
/// <c>&lt;name&gt;/data.pkl</c>, <c>&lt;name&gt;/data/&lt;key&gt;</c> storages, <c>byteorder</c>, <c>version</c>) through a
/// restricted pickle reader that accepts only tensors, storages, ordered dicts and plain values, and refuses every other
/// Python global with <see cref="UnsafePickleException"/>: loading a file never runs anything it names. Views (storage
/// offsets, strides) are materialized as contiguous tensors; tensors that share a storage read it once.
/// </summary>
public static class TorchSaveFile
{
    /// <summary>Loads a state_dict (a flat mapping from names to tensors), in the file's order.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="UnsafePickleException">The pickle names a global that is not allowed (a malicious or non-state_dict file).</exception>
    /// <exception cref="TorchFormatException">Anything else wrong with the file: not a zip, legacy format, truncated, corrupt.</exception>
    public static Dictionary<string, Tensor> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException e)
        {
            throw new FileNotFoundException($"torch.save file '{path}' does not exist.", path, e);
        }
        return Load(bytes, path);
    }

    /// <summary>Loads a state_dict from the bytes of a <c>torch.save</c> file; <paramref name="source"/> names it in messages.</summary>
    public static Dictionary<string, Tensor> Load(byte[] bytes, string source = "<bytes>")
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length >= 2 && bytes[0] == 0x80 && bytes[1] <= 5)
            throw Corrupt(source, "it is a legacy (non-zip) torch.save file, written by PyTorch before 1.6 or with _use_new_zipfile_serialization=False. " +
                                  "This reader only accepts the zip format: load it in Python and save it again with torch.save(state_dict, path) (or as safetensors)");
        if (bytes.Length < 4 || bytes[0] != (byte)'P' || bytes[1] != (byte)'K')
            throw Corrupt(source, "it is not a zip archive, so not a torch.save file (expected the bytes 'PK' at the start)");
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            return Read(zip, source);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException or ArgumentException or OverflowException
                                      or InvalidOperationException or NotSupportedException or IndexOutOfRangeException)
        {
            throw Corrupt(source, $"the zip archive is damaged ({e.Message})", e);
        }
    }

    /// <summary>True when the file starts like a zip archive or a legacy pickle (used to tell torch.save files from safetensors).</summary>
    public static bool LooksLikeTorchSave(string path)
    {
        Span<byte> head = stackalloc byte[2];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Read(head) < 2) return false;
        return (head[0] == (byte)'P' && head[1] == (byte)'K') || (head[0] == 0x80 && head[1] <= 5);
    }

    private static Dictionary<string, Tensor> Read(ZipArchive zip, string source)
    {
        var pickles = zip.Entries.Where(e => e.FullName == "data.pkl" || e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal)).ToList();
        if (pickles.Count != 1)
            throw Corrupt(source, pickles.Count == 0 ? "the zip archive has no data.pkl entry" : "the zip archive has several data.pkl entries");
        var prefix = pickles[0].FullName[..^"data.pkl".Length];
        var bigEndian = false;
        var byteorder = zip.GetEntry(prefix + "byteorder");
        if (byteorder is not null)
        {
            var order = Encoding.ASCII.GetString(ReadEntry(byteorder, 16, source)).Trim();
            bigEndian = order switch
            {
                "little" => false,
                "big" => true,
                _ => throw Corrupt(source, $"its byteorder entry says '{order}'; expected 'little' or 'big'"),
            };
        }

        var storages = new Dictionary<string, PickledStorage>(StringComparer.Ordinal);
        var pickleBytes = ReadEntry(pickles[0], 1L << 30, source);
        var entries = TorchStateDictPickle.Read(pickleBytes, source, s =>
        {
            if (storages.TryGetValue(s.Key, out var existing))
            {
                if (existing.DType != s.DType) throw Corrupt(source, $"storage '{s.Key}' is named with two element types");
                return existing;
            }
            storages[s.Key] = s;
            return s;
        });

        var storageBytes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, tensor) in entries)
            {
                if (!storageBytes.TryGetValue(tensor.Storage.Key, out var raw))
                {
                    var entry = zip.GetEntry($"{prefix}data/{tensor.Storage.Key}") ?? throw Corrupt(source, $"storage '{tensor.Storage.Key}' of '{name}' is missing from the archive");
                    var expected = checked(tensor.Storage.Numel * tensor.Storage.DType.ElementSize());
                    raw = ReadEntry(entry, expected, source);
                    if (raw.Length != expected)
                        throw Corrupt(source, $"storage '{tensor.Storage.Key}' holds {raw.Length} bytes; its {tensor.Storage.Numel} {tensor.Storage.DType.ToTorchName()} elements need {expected}");
                    if (bigEndian) SwapBytes(raw, tensor.Storage.DType.ElementSize());
                    storageBytes[tensor.Storage.Key] = raw;
                }
                if (!result.TryAdd(name, Materialize(tensor, raw, name, source)))
                    throw Corrupt(source, $"the key '{name}' appears twice");
            }
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
        return result;
    }

    private static Tensor Materialize(PickledTensor t, byte[] storage, string name, string source)
    {
        var elementSize = t.Storage.DType.ElementSize();
        long numel;
        long lastIndex = t.Offset;
        try
        {
            numel = Shape.Numel(t.Size);
            if (numel > 0)
                for (var d = 0; d < t.Size.Length; d++) lastIndex = checked(lastIndex + (t.Size[d] - 1) * t.Stride[d]);
        }
        catch (OverflowException)
        {
            throw Corrupt(source, $"tensor '{name}' has a shape or strides too large to hold");
        }
        if (numel > 0 && lastIndex >= t.Storage.Numel)
            throw Corrupt(source, $"tensor '{name}' (shape {Shape.Format(t.Size)}, offset {t.Offset}) reads element {lastIndex} of a storage of {t.Storage.Numel}");
        // A view may repeat elements (stride 0), so its size is not bounded by its storage's.
        if (numel > Array.MaxLength / elementSize)
            throw Corrupt(source, $"tensor '{name}' (shape {Shape.Format(t.Size)}) holds {numel} {t.Storage.DType.ToTorchName()} elements, more than this reader " +
                                  "materializes in one array (2 GiB); save it as safetensors instead");
        var bytes = new byte[numel * elementSize];
        if (numel > 0)
        {
            if (IsContiguous(t.Size, t.Stride))
                Array.Copy(storage, t.Offset * elementSize, bytes, 0, bytes.Length);
            else
                Gather(storage, bytes, t, elementSize);
        }
        return Safetensors.FromBytes(bytes, t.Size, t.Storage.DType);
    }

    private static bool IsContiguous(long[] size, long[] stride)
    {
        long expected = 1;
        for (var d = size.Length - 1; d >= 0; d--)
        {
            if (size[d] != 1 && stride[d] != expected) return false;
            expected *= size[d];
        }
        return true;
    }

    private static void Gather(byte[] storage, byte[] target, PickledTensor t, int elementSize)
    {
        var rank = t.Size.Length;
        var index = new long[rank];
        var numel = target.Length / elementSize;
        for (long i = 0; i < numel; i++)
        {
            var source = t.Offset;
            for (var d = 0; d < rank; d++) source += index[d] * t.Stride[d];
            Buffer.BlockCopy(storage, (int)(source * elementSize), target, (int)(i * elementSize), elementSize);
            for (var d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < t.Size[d]) break;
                index[d] = 0;
            }
        }
    }

    private static void SwapBytes(byte[] data, int elementSize)
    {
        if (elementSize == 1) return;
        for (var i = 0; i + elementSize <= data.Length; i += elementSize) Array.Reverse(data, i, elementSize);
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry, long limit, string source)
    {
        if (entry.Length > limit)
            throw Corrupt(source, $"entry '{entry.FullName}' is {entry.Length} bytes; at most {limit} were expected");
        if (entry.Length > Array.MaxLength)
            throw Corrupt(source, $"entry '{entry.FullName}' is {entry.Length} bytes, more than this reader holds in one array (2 GiB); save the state_dict as safetensors instead");
        var bytes = new byte[entry.Length];
        using var stream = entry.Open();
        stream.ReadExactly(bytes);
        return bytes;
    }

    internal static TorchFormatException Corrupt(string source, string what, Exception? inner = null) =>
        new($"'{source}' is not a valid torch.save state_dict: {what}.", "torch.load", inner);
}
