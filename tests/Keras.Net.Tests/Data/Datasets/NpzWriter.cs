using System.IO.Compression;
using System.Text;

namespace KerasNet.Tests.Data.Datasets;

/// <summary>Writes .npz archives in NumPy's layout, with Python 2-style pickles (protocol 2, byte strings) for object arrays.</summary>
internal static class NpzWriter
{
    public static byte[] Npz(params (string Name, byte[] Npy)[] members)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, npy) in members)
            {
                using var stream = zip.CreateEntry(name + ".npy").Open();
                stream.Write(npy);
            }
        return memory.ToArray();
    }

    public static byte[] Npy(string descr, string shape, byte[] data)
    {
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        header = header.PadRight(((10 + header.Length + 1 + 63) / 64 * 64) - 10 - 1) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.AddRange(new byte[] { 1, 0, (byte)(header.Length & 0xff), (byte)(header.Length >> 8) });
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    public static byte[] Int64Npy(long[] values) =>
        Npy("<i8", $"({values.Length},)", values.SelectMany(BitConverter.GetBytes).ToArray());

    public static byte[] ObjectNpy(long[][] lists) => ObjectArray(lists.Length, w =>
    {
        foreach (var list in lists)
            w.List(() => { foreach (var value in list) w.Int(value); });
    });

    public static byte[] ObjectArray(int count, Action<PickleWriter> items) => Npy("|O", $"({count},)", Pickle(w =>
    {
        // _reconstruct(ndarray, (0,), 'b') then BUILD with (1, shape, dtype('O8'), False, [lists]).
        w.Global("numpy.core.multiarray", "_reconstruct");
        w.Global("numpy", "ndarray");
        w.Tuple(() => w.Int(0));
        w.String("b");
        w.Op(0x87).Op('R');
        w.Mark().Int(1).Tuple(() => w.Int(count));
        w.Global("numpy", "dtype");
        w.Mark().String("O8").Int(0).Int(1).Op('t').Op('R');
        w.Mark().Int(3).String("|").Op('N').Op('N').Op('N').Int(-1).Int(-1).Int(63).Op('t').Op('b');
        w.Op(0x89);
        w.List(() => items(w));
        w.Op('t').Op('b');
    }));

    public static byte[] Pickle(Action<PickleWriter> body)
    {
        var writer = new PickleWriter();
        writer.Op(0x80).Byte(2);
        body(writer);
        writer.Op('.');
        return writer.Bytes.ToArray();
    }

    internal sealed class PickleWriter
    {
        public List<byte> Bytes { get; } = new();
        public PickleWriter Op(int opcode) { Bytes.Add((byte)opcode); return this; }
        public PickleWriter Byte(int value) { Bytes.Add((byte)value); return this; }
        public PickleWriter Mark() => Op('(');
        public PickleWriter Global(string module, string name) { Op('c'); Bytes.AddRange(Encoding.ASCII.GetBytes($"{module}\n{name}\n")); return this; }
        public PickleWriter String(string value) { Op('U').Byte(value.Length); Bytes.AddRange(Encoding.Latin1.GetBytes(value)); return this; }
        public PickleWriter Int(long value)
        {
            if (value is >= 0 and < 256) return Op('K').Byte((int)value);
            if (value is >= 0 and < 65536) { Op('M'); Bytes.AddRange(BitConverter.GetBytes((ushort)value)); return this; }
            Op('J');
            Bytes.AddRange(BitConverter.GetBytes((int)value));
            return this;
        }
        public PickleWriter Tuple(Action items) { Mark(); items(); return Op('t'); }
        public PickleWriter List(Action appends) { Op(']').Mark(); appends(); return Op('e'); }
    }

    /// <summary>A C-ordered little-endian float64 array of the given shape.</summary>
    public static byte[] Float64Npy(long[] shape, double[] values) =>
        Npy("<f8", Shape(shape), values.SelectMany(BitConverter.GetBytes).ToArray());

    /// <summary>A C-ordered little-endian float32 array of the given shape.</summary>
    public static byte[] Float32Npy(long[] shape, float[] values) =>
        Npy("<f4", Shape(shape), values.SelectMany(BitConverter.GetBytes).ToArray());

    private static string Shape(long[] shape) => shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
}
