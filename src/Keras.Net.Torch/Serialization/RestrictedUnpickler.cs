using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace KerasNet.Torch;

/// <summary>A storage named by a <c>torch.save</c> pickle's persistent id: its archive key, element type and size.</summary>
internal sealed record PickledStorage(string Key, ScalarType DType, long Numel);

/// <summary>A tensor as <c>torch._utils._rebuild_tensor_v2</c> describes it: a view into a storage.</summary>
internal sealed record PickledTensor(PickledStorage Storage, long Offset, long[] Size, long[] Stride);

/// <summary>An allowed global named by the pickle (a callable the reader knows how to imitate).</summary>
internal sealed record PickledGlobal(string Module, string Name)
{
    public string FullName => $"{Module}.{Name}";
}

/// <summary>A Python tuple.</summary>
internal sealed record PickledTuple(object?[] Items);

/// <summary>A Python dict or OrderedDict, in insertion order.</summary>
internal sealed class PickledDict
{
    public List<KeyValuePair<object?, object?>> Items { get; } = new();
}

/// <summary>
/// A pickle reader that understands only what <c>torch.save</c> writes for a state_dict: protocol 2 to 5 opcodes for
/// tuples, lists, dicts, strings, numbers, booleans and None, the memo, persistent ids for storages, and the globals
/// <c>collections.OrderedDict</c>, <c>torch._utils._rebuild_tensor_v2</c>, <c>torch._utils._rebuild_parameter</c>
/// and the typed storage classes (<c>torch.FloatStorage</c>...). Any other global raises
/// <see cref="UnsafePickleException"/> before anything else happens; nothing is ever looked up or called by name, the
/// allowed globals are imitated here. Every read is bounds-checked: a corrupt pickle raises <see cref="TorchFormatException"/>.
/// </summary>
internal sealed class RestrictedUnpickler
{
    private const int MaxDepth = 10_000;

    private static readonly Dictionary<string, ScalarType> StorageTypes = new(StringComparer.Ordinal)
    {
        ["FloatStorage"] = ScalarType.Float32,
        ["DoubleStorage"] = ScalarType.Float64,
        ["HalfStorage"] = ScalarType.Float16,
        ["BFloat16Storage"] = ScalarType.BFloat16,
        ["LongStorage"] = ScalarType.Int64,
        ["IntStorage"] = ScalarType.Int32,
        ["ShortStorage"] = ScalarType.Int16,
        ["CharStorage"] = ScalarType.Int8,
        ["ByteStorage"] = ScalarType.Byte,
        ["BoolStorage"] = ScalarType.Bool,
    };

    private readonly byte[] data;
    private readonly string source;
    private readonly Func<PickledStorage, PickledStorage> storageResolver;
    private readonly List<object?> stack = new();
    private readonly Stack<int> marks = new();
    private readonly Dictionary<long, object?> memo = new();
    private int position;

    /// <param name="data">The pickle bytes.</param>
    /// <param name="source">Names the file in messages.</param>
    /// <param name="storageResolver">Called for each persistent id, so that equal keys share one storage object.</param>
    internal RestrictedUnpickler(byte[] data, string source, Func<PickledStorage, PickledStorage> storageResolver)
    {
        this.data = data;
        this.source = source;
        this.storageResolver = storageResolver;
    }

    /// <summary>Reads the whole pickle and returns its value.</summary>
    internal object? Load()
    {
        while (true)
        {
            var op = ReadByte();
            switch (op)
            {
                case 0x80: // PROTO
                    var protocol = ReadByte();
                    if (protocol is < 2 or > 5) throw Corrupt($"pickle protocol {protocol} is not supported (torch.save writes 2)");
                    break;
                case 0x95: // FRAME (protocol 4+): the length only announces what follows
                    Take(0);
                    ReadUInt64();
                    break;
                case (byte)'.': // STOP
                    if (stack.Count != 1) throw Corrupt($"the pickle ended with {stack.Count} values on its stack instead of 1");
                    return stack[0];
                case (byte)'(': // MARK
                    if (marks.Count >= MaxDepth) throw Corrupt("the pickle nests deeper than " + MaxDepth);
                    marks.Push(stack.Count);
                    break;
                case (byte)'N': Push(null); break;
                case 0x88: Push(true); break;
                case 0x89: Push(false); break;
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break;
                case (byte)'K': Push((long)ReadByte()); break;
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break;
                case 0x8a: Push(ReadLong(ReadByte())); break; // LONG1
                case 0x8b: Push(ReadLong(ReadLength(BinaryPrimitives.ReadInt32LittleEndian(Take(4))))); break; // LONG4
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break; // BINFLOAT
                case (byte)'X': Push(ReadString(ReadLength(BinaryPrimitives.ReadInt32LittleEndian(Take(4))))); break; // BINUNICODE
                case 0x8c: Push(ReadString(ReadByte())); break; // SHORT_BINUNICODE
                case 0x8d: Push(ReadString(ReadLength(checked((long)ReadUInt64())))); break; // BINUNICODE8
                case (byte)')': Push(new PickledTuple(Array.Empty<object?>())); break;
                case 0x85: Push(new PickledTuple(PopN(1))); break;
                case 0x86: Push(new PickledTuple(PopN(2))); break;
                case 0x87: Push(new PickledTuple(PopN(3))); break;
                case (byte)'t': Push(new PickledTuple(PopMark())); break;
                case (byte)']': Push(new List<object?>()); break;
                case (byte)'l': Push(new List<object?>(PopMark())); break;
                case (byte)'}': Push(new PickledDict()); break;
                case (byte)'d': Push(DictFrom(PopMark())); break;
                case (byte)'a': // APPEND
                {
                    var value = Pop();
                    As<List<object?>>(Peek(), "APPEND").Add(value);
                    break;
                }
                case (byte)'e': // APPENDS
                {
                    var items = PopMark();
                    As<List<object?>>(Peek(), "APPENDS").AddRange(items);
                    break;
                }
                case (byte)'s': // SETITEM
                {
                    var value = Pop();
                    var key = Pop();
                    As<PickledDict>(Peek(), "SETITEM").Items.Add(new(key, value));
                    break;
                }
                case (byte)'u': // SETITEMS
                {
                    var items = PopMark();
                    if (items.Length % 2 != 0) throw Corrupt("SETITEMS received an odd number of values");
                    var dict = As<PickledDict>(Peek(), "SETITEMS");
                    for (var i = 0; i < items.Length; i += 2) dict.Items.Add(new(items[i], items[i + 1]));
                    break;
                }
                case (byte)'b': // BUILD: torch.save sets an OrderedDict's _metadata this way; the state is ignored
                {
                    Pop();
                    if (Peek() is not PickledDict and not PickledTensor)
                        throw Corrupt($"BUILD applies state to a {Describe(Peek())}; only dicts and tensors accept it here");
                    break;
                }
                case (byte)'q': Memo(ReadByte()); break; // BINPUT
                case (byte)'r': Memo(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))); break; // LONG_BINPUT
                case 0x94: Memo(memo.Count); break; // MEMOIZE
                case (byte)'h': Push(Recall(ReadByte())); break; // BINGET
                case (byte)'j': Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))); break; // LONG_BINGET
                case (byte)'c': // GLOBAL module\nname\n
                {
                    var module = ReadLine();
                    var name = ReadLine();
                    Push(Global(module, name));
                    break;
                }
                case 0x93: // STACK_GLOBAL
                {
                    var name = Pop();
                    var module = Pop();
                    if (module is not string m || name is not string n) throw Corrupt("STACK_GLOBAL needs two strings");
                    Push(Global(m, n));
                    break;
                }
                case (byte)'R': // REDUCE
                {
                    var args = Pop();
                    var callable = Pop();
                    Push(Reduce(callable, args));
                    break;
                }
                case (byte)'Q': // BINPERSID
                    Push(PersistentLoad(Pop()));
                    break;
                case (byte)'0': Pop(); break; // POP
                default:
                    throw Corrupt($"opcode 0x{op:x2} at byte {position - 1} is not one torch.save writes for a state_dict (this reader refuses it)");
            }
        }
    }

    private object Global(string module, string name)
    {
        var full = $"{module}.{name}";
        var allowed = full is "collections.OrderedDict" or "torch._utils._rebuild_tensor_v2" or "torch._utils._rebuild_parameter"
            || (module == "torch" && StorageTypes.ContainsKey(name));
        if (!allowed)
            throw new UnsafePickleException(
                $"'{source}' names the Python global '{full}', which the restricted torch.save reader refuses: a state_dict file only needs " +
                "collections.OrderedDict, torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter and the torch.*Storage types. " +
                "Nothing was executed. If the file is trusted, re-save it from Python as a plain state_dict (torch.save(model.state_dict(), path)) or as safetensors.",
                full);
        return new PickledGlobal(module, name);
    }

    private object? Reduce(object? callable, object? args)
    {
        if (callable is not PickledGlobal g) throw Corrupt($"REDUCE calls a {Describe(callable)}, not an allowed global");
        if (args is not PickledTuple t) throw Corrupt($"REDUCE on {g.FullName} received {Describe(args)} instead of an argument tuple");
        var a = t.Items;
        switch (g.FullName)
        {
            case "collections.OrderedDict":
                if (a.Length != 0) throw Corrupt("collections.OrderedDict is rebuilt with arguments; torch.save writes none");
                return new PickledDict();
            case "torch._utils._rebuild_tensor_v2":
            {
                // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
                if (a.Length is < 6 or > 7) throw Corrupt($"_rebuild_tensor_v2 received {a.Length} arguments; expected 6 or 7");
                var storage = a[0] as PickledStorage ?? throw Corrupt($"_rebuild_tensor_v2's storage is a {Describe(a[0])}");
                var offset = AsLong(a[1], "storage offset");
                var size = LongTuple(a[2], "size");
                var stride = LongTuple(a[3], "stride");
                if (size.Length != stride.Length) throw Corrupt($"a tensor has {size.Length} sizes but {stride.Length} strides");
                if (offset < 0 || size.Any(s => s < 0) || stride.Any(s => s < 0)) throw Corrupt("a tensor has a negative offset, size or stride");
                return new PickledTensor(storage, offset, size, stride);
            }
            case "torch._utils._rebuild_parameter":
                if (a.Length != 3 || a[0] is not PickledTensor tensor) throw Corrupt("_rebuild_parameter expects (tensor, requires_grad, backward_hooks)");
                return tensor;
            default:
                throw Corrupt($"{g.FullName} cannot be called; it only names a storage type inside a persistent id");
        }
    }

    private PickledStorage PersistentLoad(object? pid)
    {
        // ('storage', torch.FloatStorage, key, location, numel)
        if (pid is not PickledTuple { Items: var items } || items.Length != 5 || items[0] is not "storage")
            throw Corrupt($"a persistent id is {Describe(pid)}; expected ('storage', type, key, location, numel)");
        if (items[1] is not PickledGlobal { Module: "torch" } type || !StorageTypes.TryGetValue(type.Name, out var dtype))
            throw Corrupt($"a persistent id names storage type {Describe(items[1])}");
        if (items[2] is not string key || key.Length == 0 || key.Contains('/') || key.Contains('\\') || key.Contains(".."))
            throw Corrupt($"a persistent id has an invalid storage key {Describe(items[2])}");
        var numel = AsLong(items[4], "storage size");
        if (numel < 0) throw Corrupt($"storage '{key}' has a negative size {numel}");
        return storageResolver(new PickledStorage(key, dtype, numel));
    }

    private static PickledDict DictFrom(object?[] items)
    {
        var dict = new PickledDict();
        for (var i = 0; i + 1 < items.Length; i += 2) dict.Items.Add(new(items[i], items[i + 1]));
        return dict;
    }

    private long[] LongTuple(object? value, string what)
    {
        if (value is not PickledTuple t) throw Corrupt($"a tensor's {what} is {Describe(value)}, not a tuple");
        return t.Items.Select(i => AsLong(i, what)).ToArray();
    }

    private long AsLong(object? value, string what) => value is long l ? l : throw Corrupt($"a {what} is {Describe(value)}, not an integer");

    private T As<T>(object? value, string op) where T : class => value as T ?? throw Corrupt($"{op} applies to a {Describe(value)}");

    private static string Describe(object? value) => value switch
    {
        null => "None",
        string s => $"string '{(s.Length > 60 ? s[..60] + "..." : s)}'",
        long l => $"integer {l}",
        double d => $"float {d}",
        bool b => b ? "True" : "False",
        PickledTuple t => $"tuple of {t.Items.Length}",
        PickledGlobal g => g.FullName,
        PickledDict => "dict",
        List<object?> => "list",
        PickledTensor => "tensor",
        PickledStorage => "storage",
        _ => value.GetType().Name,
    };

    private void Memo(long index)
    {
        if (stack.Count == 0) throw Corrupt("a memo store with an empty stack");
        if (memo.Count > data.Length) throw Corrupt("the memo grew larger than the pickle");
        memo[index] = stack[^1];
    }

    private object? Recall(long index) => memo.TryGetValue(index, out var value) ? value : throw Corrupt($"memo entry {index} is read before it is written");

    private void Push(object? value)
    {
        if (stack.Count >= 1_000_000) throw Corrupt("the pickle's stack grew past a million values");
        stack.Add(value);
    }

    private object? Peek() => stack.Count > (marks.Count > 0 ? marks.Peek() : 0) ? stack[^1] : throw Corrupt("a value is needed but the stack is empty");

    private object? Pop()
    {
        var floor = marks.Count > 0 ? marks.Peek() : 0;
        if (stack.Count <= floor) throw Corrupt("a value is popped from an empty stack");
        var value = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return value;
    }

    private object?[] PopN(int n)
    {
        var floor = marks.Count > 0 ? marks.Peek() : 0;
        if (stack.Count - floor < n) throw Corrupt($"a tuple of {n} needs {n} values on the stack");
        var items = stack.GetRange(stack.Count - n, n).ToArray();
        stack.RemoveRange(stack.Count - n, n);
        return items;
    }

    private object?[] PopMark()
    {
        if (marks.Count == 0) throw Corrupt("an opcode needs a MARK that was never set");
        var start = marks.Pop();
        var items = stack.GetRange(start, stack.Count - start).ToArray();
        stack.RemoveRange(start, stack.Count - start);
        return items;
    }

    private byte ReadByte() => Take(1)[0];

    private ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    private int ReadLength(long length)
    {
        if (length < 0 || length > data.Length - position) throw Corrupt($"a length of {length} bytes runs past the end of the pickle");
        return (int)length;
    }

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || n > data.Length - position) throw Corrupt($"the pickle ends early (byte {position} of {data.Length})");
        var span = data.AsSpan(position, n);
        position += n;
        return span;
    }

    private long ReadLong(int length)
    {
        var bytes = Take(length);
        if (length == 0) return 0;
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        if (value < long.MinValue || value > long.MaxValue) throw Corrupt("an integer does not fit in 64 bits");
        return (long)value;
    }

    private string ReadString(int length)
    {
        var bytes = Take(length);
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Corrupt("a string is not valid UTF-8");
        }
    }

    private string ReadLine()
    {
        var end = Array.IndexOf(data, (byte)'\n', position);
        if (end < 0 || end - position > 256) throw Corrupt("a GLOBAL name is not terminated by a newline");
        var text = Encoding.ASCII.GetString(data, position, end - position);
        position = end + 1;
        return text;
    }

    private TorchFormatException Corrupt(string what) => new($"'{source}' is not a valid torch.save state_dict: {what}.", "torch.load");
}
