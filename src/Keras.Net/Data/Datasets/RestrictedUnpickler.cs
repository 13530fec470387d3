using System.Buffers.Binary;
using System.Text;

namespace KerasNet.Datasets;

/// <summary>
/// Reads the one kind of pickle a NumPy object array of integer lists is saved as (<c>np.save</c> of
/// <c>np.array([[1, 2], [3]], dtype=object)</c>, as in Keras's <c>imdb.npz</c>), by Python 2 or 3, protocols 2 to 5.
/// It is not a general unpickler: it interprets only the opcodes such a stream uses, recognises only the globals
/// <c>numpy.core.multiarray._reconstruct</c>, <c>numpy.ndarray</c> and <c>numpy.dtype</c> (never calling anything), and
/// refuses everything else, so a crafted file can neither run code nor build other objects.
/// </summary>
internal sealed class RestrictedUnpickler
{
    private const int MaxDepth = 64;

    private readonly byte[] data;
    private readonly string path;
    private int position;
    private readonly List<object?> stack = new();
    private readonly Stack<int> marks = new();
    private readonly Dictionary<long, object?> memo = new();

    private RestrictedUnpickler(byte[] data, int start, string path)
    {
        this.data = data;
        position = start;
        this.path = path;
    }

    // The objects such a stream builds. Integers are longs, strings are strings (str, bytes or Python 2 str alike).
    private sealed record Global(string Module, string Name);
    private sealed class PyList { public List<long> Ints { get; } = new(); public List<object?> Items { get; } = new(); }
    private sealed class Tuple(object?[] items) { public object?[] Items { get; } = items; }
    private sealed class ArrayStub { public object? State; }
    private sealed class DtypeStub(string name) { public string Name { get; } = name; }

    /// <summary>Reads the pickled 1-D object array starting at <paramref name="start"/>: one long[] per element.</summary>
    internal static long[][] ReadIntListArray(byte[] data, int start, string path, long expectedLength)
    {
        var reader = new RestrictedUnpickler(data, start, path);
        var result = reader.Run();
        return reader.ToIntLists(result, expectedLength);
    }

    private DatasetFormatException Bad(string message) => new(path, $"{message} (pickle offset {position}). Only NumPy object arrays of integer lists are read.");

    private object? Run()
    {
        while (true)
        {
            if (position >= data.Length) throw Bad("the pickle ends before its STOP opcode; the file is truncated");
            var opcode = data[position++];
            switch (opcode)
            {
                case 0x80: Bytes(1); break; // PROTO
                case 0x95: Bytes(8); break; // FRAME: frames are a hint, the stream reads the same without them
                case (byte)'.': // STOP
                    if (stack.Count != 1) throw Bad($"the pickle stops with {stack.Count} objects on its stack instead of 1");
                    return stack[0];
                case (byte)'(': marks.Push(stack.Count); if (marks.Count > MaxDepth) throw Bad("too deeply nested"); break;
                case (byte)')': Push(new Tuple(Array.Empty<object?>())); break;
                case (byte)'t': Push(new Tuple(PopMark().ToArray())); break;
                case 0x85: Push(new Tuple(new[] { Pop() })); break;
                case 0x86: { var b = Pop(); var a = Pop(); Push(new Tuple(new[] { a, b })); break; }
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new Tuple(new[] { a, b, c })); break; }
                case (byte)']': Push(new PyList()); break;
                case (byte)'l': { var list = new PyList(); foreach (var item in PopMark()) Append(list, item); Push(list); break; }
                case (byte)'a': { var item = Pop(); Append(Peek() as PyList ?? throw Bad("APPEND to something that is not a list"), item); break; }
                case (byte)'e':
                {
                    var items = PopMark();
                    var list = Peek() as PyList ?? throw Bad("APPENDS to something that is not a list");
                    foreach (var item in items) Append(list, item);
                    break;
                }
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Bytes(4))); break;
                case (byte)'K': Push((long)Bytes(1)[0]); break;
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2))); break;
                case 0x8a: Push(Long1()); break;
                case (byte)'N': Push(null); break;
                case 0x88: Push(true); break;
                case 0x89: Push(false); break;
                case (byte)'U': case (byte)'C': case 0x8c: Push(Latin1OrUtf8(opcode, Bytes(1)[0])); break;
                case (byte)'T': case (byte)'B': case (byte)'X': Push(Latin1OrUtf8(opcode, Length(BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4))))); break;
                case (byte)'q': memo[Bytes(1)[0]] = Peek(); break;
                case (byte)'r': memo[BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4))] = Peek(); break;
                case 0x94: memo[memo.Count] = Peek(); break;
                case (byte)'h': Push(Recall(Bytes(1)[0])); break;
                case (byte)'j': Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4)))); break;
                case (byte)'c': Push(AllowedGlobal(Line(), Line())); break;
                case 0x93: { var name = Pop() as string; var module = Pop() as string; Push(AllowedGlobal(module ?? throw Bad("STACK_GLOBAL needs strings"), name ?? throw Bad("STACK_GLOBAL needs strings"))); break; }
                case (byte)'R': { var args = Pop() as Tuple ?? throw Bad("REDUCE without an argument tuple"); Push(Reduce(Pop(), args)); break; }
                case (byte)'b': { var state = Pop(); Build(Peek(), state); break; }
                default:
                    throw Bad($"opcode 0x{opcode:x2} ('{(opcode is >= 0x20 and < 0x7f ? (char)opcode : '?')}') is not one an integer-list object array uses");
            }
        }
    }

    private ReadOnlySpan<byte> Bytes(int count)
    {
        if (count < 0 || position + count > data.Length) throw Bad("the pickle is truncated");
        var span = data.AsSpan(position, count);
        position += count;
        return span;
    }

    private int Length(uint length) => length > int.MaxValue ? throw Bad($"a string of {length} bytes") : (int)length;

    private string Latin1OrUtf8(byte opcode, int length)
    {
        var bytes = Bytes(length);
        // Python 2 str (U, T) and bytes (C, B) are byte strings; unicode (0x8c, X) is UTF-8.
        return opcode is 0x8c or (byte)'X' ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
    }

    private string Line()
    {
        var end = Array.IndexOf(data, (byte)'\n', position);
        if (end < 0 || end - position > 256) throw Bad("a GLOBAL name is not terminated");
        var text = Encoding.ASCII.GetString(data, position, end - position);
        position = end + 1;
        return text;
    }

    private long Long1()
    {
        var length = Bytes(1)[0];
        if (length > 8) throw Bad($"an integer of {length} bytes does not fit in 64 bits");
        var bytes = Bytes(length);
        long value = 0;
        for (var i = length - 1; i >= 0; i--) value = (value << 8) | bytes[i];
        if (length is > 0 and < 8 && (bytes[length - 1] & 0x80) != 0) value -= 1L << (8 * length);
        return value;
    }

    private object AllowedGlobal(string module, string name) => (module, name) switch
    {
        ("numpy.core.multiarray" or "numpy._core.multiarray", "_reconstruct") => new Global("numpy", "_reconstruct"),
        ("numpy", "ndarray") => new Global("numpy", "ndarray"),
        ("numpy", "dtype") => new Global("numpy", "dtype"),
        _ => throw Bad($"the pickle refers to {module}.{name}, which is not allowed"),
    };

    private object Reduce(object? callable, Tuple args)
    {
        if (callable is Global { Name: "_reconstruct" } && args.Items.Length == 3 && args.Items[0] is Global { Name: "ndarray" })
            return new ArrayStub();
        if (callable is Global { Name: "dtype" } && args.Items.Length == 3 && args.Items[0] is string name)
            return new DtypeStub(name);
        throw Bad("a call other than ndarray reconstruction or dtype creation");
    }

    private void Build(object? target, object? state)
    {
        switch (target)
        {
            case ArrayStub array when array.State is null: array.State = state; break;
            case DtypeStub: break; // byte order and flags; an object dtype has none that matter
            default: throw Bad("BUILD on an object that is not an array or a dtype");
        }
    }

    private void Append(PyList list, object? item)
    {
        if (item is long value) list.Ints.Add(value);
        else list.Items.Add(item);
    }

    private object? Recall(long key) => memo.TryGetValue(key, out var value) ? value : throw Bad($"memo entry {key} was never stored");

    private void Push(object? value) => stack.Add(value);

    private object? Pop()
    {
        if (stack.Count == 0 || (marks.Count > 0 && stack.Count == marks.Peek())) throw Bad("the stack is empty");
        var value = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return value;
    }

    private object? Peek() => stack.Count == 0 ? throw Bad("the stack is empty") : stack[^1];

    private List<object?> PopMark()
    {
        if (marks.Count == 0) throw Bad("no MARK");
        var start = marks.Pop();
        var items = stack.GetRange(start, stack.Count - start);
        stack.RemoveRange(start, stack.Count - start);
        return items;
    }

    private long[][] ToIntLists(object? result, long expectedLength)
    {
        if (result is not ArrayStub { State: Tuple state })
            throw Bad("the pickle does not hold a NumPy array");
        // State: (version, shape, dtype, is_fortran, items).
        if (state.Items.Length != 5 || state.Items[1] is not Tuple shape || state.Items[2] is not DtypeStub dtype || state.Items[4] is not PyList items)
            throw Bad("the array's state is not (version, shape, dtype, fortran, items)");
        if (dtype.Name is not ("O" or "O8" or "O4"))
            throw Bad($"the array's dtype is '{dtype.Name}', not object");
        if (shape.Items.Length != 1 || shape.Items[0] is not long length || length != expectedLength)
            throw Bad($"the array's shape ({string.Join(", ", shape.Items)}) is not ({expectedLength},) as the .npy header says");
        if (items.Ints.Count != 0 || items.Items.Count != length)
            throw Bad($"the array holds {items.Items.Count + items.Ints.Count} items, not {length} lists");
        var result2 = new long[length][];
        for (var i = 0; i < length; i++)
        {
            if (items.Items[i] is not PyList { Items.Count: 0 } inner)
                throw Bad($"element {i} is not a list of integers");
            result2[i] = inner.Ints.ToArray();
        }
        return result2;
    }
}
