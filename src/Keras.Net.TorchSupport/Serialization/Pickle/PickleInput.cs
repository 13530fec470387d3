using System.Buffers.Binary;
using System.Text;

namespace KerasNet.TorchSupport.Pickle;

/// <summary>
/// A bounds-checked cursor over a pickle's bytes. Every read that would run past the end raises a
/// <see cref="PickleException"/> saying the pickle is truncated; lengths read from the stream are checked against
/// what is left before anything is allocated.
/// </summary>
internal sealed class PickleInput
{
    private const int MaxGlobalNameLength = 256;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] data;

    /// <summary>Reads <paramref name="data"/> from <paramref name="start"/> to its end.</summary>
    public PickleInput(byte[] data, int start)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, data.Length);
        this.data = data;
        Position = start;
    }

    /// <summary>The offset of the next byte in the buffer.</summary>
    public int Position { get; private set; }

    /// <summary>The buffer's length.</summary>
    public int Length => data.Length;

    /// <summary>True when no byte is left.</summary>
    public bool AtEnd => Position >= data.Length;

    /// <summary>An error at the current position.</summary>
    public PickleException Error(string reason) => new(reason, Position);

    public byte ReadByte() => Position < data.Length ? data[Position++] : throw Error($"the pickle is truncated: 1 more byte is needed at byte {Position}, but it ends there");

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>BINFLOAT's payload: a big-endian IEEE double.</summary>
    public double ReadFloat64BigEndian() => BinaryPrimitives.ReadDoubleBigEndian(Take(8));

    /// <summary>The next <paramref name="count"/> bytes.</summary>
    public ReadOnlySpan<byte> Take(long count)
    {
        if (count < 0) throw Error($"a length of {count} bytes is negative");
        if (count > data.Length - Position)
            throw Error($"the pickle is truncated: {count} more bytes are needed at byte {Position}, but it ends at byte {data.Length}");
        var span = data.AsSpan(Position, (int)count);
        Position += (int)count;
        return span;
    }

    /// <summary>UTF-8 text of <paramref name="count"/> bytes (BINUNICODE and its short and 8-byte forms).</summary>
    public string ReadUtf8(long count)
    {
        var bytes = Take(count);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error("a string is not valid UTF-8");
        }
    }

    /// <summary>A Python 2 <c>str</c> of <paramref name="count"/> bytes, as Latin-1 text.</summary>
    public string ReadLatin1(long count) => Encoding.Latin1.GetString(Take(count));

    /// <summary>Raw bytes (Python 3 <c>bytes</c>).</summary>
    public byte[] ReadBytes(long count) => Take(count).ToArray();

    /// <summary>One newline-terminated part of a GLOBAL opcode (a module or a name).</summary>
    public string ReadGlobalNamePart()
    {
        var rest = data.AsSpan(Position, Math.Min(data.Length - Position, MaxGlobalNameLength + 1));
        var end = rest.IndexOf((byte)'\n');
        if (end < 0)
            throw data.Length - Position <= MaxGlobalNameLength
                ? Error("the pickle is truncated inside a GLOBAL name (no terminating newline)")
                : Error($"a GLOBAL name is longer than {MaxGlobalNameLength} bytes");
        var text = ReadUtf8(end);
        Position++;
        return text;
    }

    /// <summary>
    /// LONG1/LONG4's payload: a little-endian two's-complement integer of <paramref name="count"/> bytes, which must
    /// fit in 64 bits (redundant sign bytes are allowed, as Python writes none but accepts them).
    /// </summary>
    public long ReadSignedInteger(long count)
    {
        var bytes = Take(count);
        if (bytes.Length == 0) return 0;
        var negative = (bytes[^1] & 0x80) != 0;
        var fill = negative ? (byte)0xff : (byte)0;
        var significant = bytes.Length;
        while (significant > 8 && bytes[significant - 1] == fill) significant--;
        if (significant > 8) throw Error("an integer does not fit in 64 bits");
        long value = 0;
        for (var i = significant - 1; i >= 0; i--) value = (value << 8) | bytes[i];
        if (significant < 8 && negative) value |= -1L << (8 * significant);
        if (value < 0 != negative) throw Error("an integer does not fit in 64 bits");
        return value;
    }
}
