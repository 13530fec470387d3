namespace KerasNet.TorchSupport.Pickle;

// The neutral tree PickleMachine builds. Scalars are plain .NET values: None is null, bool, long (every int opcode;
// integers beyond 64 bits are refused), double, string (unicode and Python 2 str) and byte[] (bytes). Lists are
// PickleList. Persistent ids become whatever the caller's callback returns.

/// <summary>A Python global (<c>module.name</c>) that the caller's allow-list admitted. It is only a name: nothing is imported or looked up.</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    /// <summary><c>module.name</c>.</summary>
    public string FullName => $"{Module}.{Name}";
}

/// <summary>A Python tuple.</summary>
internal sealed class PickleTuple(object?[] items)
{
    /// <summary>The items, in order.</summary>
    public object?[] Items { get; } = items;
}

/// <summary>A Python dict, in insertion order (a key written twice stays twice: the caller decides what that means).</summary>
internal sealed class PickleDict
{
    /// <summary>The key/value pairs, in the order the stream set them.</summary>
    public List<KeyValuePair<object?, object?>> Items { get; } = new();
}

/// <summary>How the stream asked for a <see cref="PickleObject"/>.</summary>
internal enum PickleCallKind
{
    /// <summary><c>REDUCE</c>: <c>callable(*args)</c>.</summary>
    Reduce,

    /// <summary><c>NEWOBJ</c>: <c>cls.__new__(cls, *args)</c>.</summary>
    NewObj,
}

/// <summary>
/// An object the stream asks to create by calling an allowed global. The call is never made: the record keeps the
/// global, its arguments and what the stream later applies to the object (<c>BUILD</c>'s state, <c>APPEND(S)</c>'s
/// items, <c>SETITEM(S)</c>'s pairs), the parts of Python's <c>__reduce__</c> tuple, for the caller to interpret.
/// </summary>
internal sealed class PickleObject(PickleGlobal callable, PickleCallKind kind, object?[] args)
{
    private PickleList? listItems;
    private List<KeyValuePair<object?, object?>>? dictItems;

    /// <summary>The global the stream would call.</summary>
    public PickleGlobal Callable { get; } = callable;

    /// <summary>REDUCE or NEWOBJ.</summary>
    public PickleCallKind Kind { get; } = kind;

    /// <summary>The call's positional arguments.</summary>
    public object?[] Args { get; } = args;

    /// <summary>True once <c>BUILD</c> gave the object a state (which may be None).</summary>
    public bool HasState { get; private set; }

    /// <summary>The state <c>BUILD</c> applied, or null.</summary>
    public object? State { get; private set; }

    /// <summary>Items appended to the object (a list subclass's content).</summary>
    public PickleList ListItems => listItems ??= new();

    /// <summary>Pairs set on the object (a dict subclass's content, e.g. an OrderedDict's).</summary>
    public List<KeyValuePair<object?, object?>> DictItems => dictItems ??= new();

    /// <summary>True when items were appended.</summary>
    public bool HasListItems => listItems is { Count: > 0 };

    /// <summary>True when items were appended or pairs set.</summary>
    public bool HasItems => HasListItems || dictItems is { Count: > 0 };

    internal void SetState(object? state)
    {
        State = state;
        HasState = true;
    }
}

/// <summary>Helpers for messages about values of the neutral tree.</summary>
internal static class PickleValue
{
    // Boxes for integers below 65536, shared so that recurring small values are not boxed again and again.
    private static readonly object?[] SmallIntegers = new object?[65536];

    /// <summary>A boxed integer, shared for small values.</summary>
    public static object Integer(long value)
    {
        if ((ulong)value >= (ulong)SmallIntegers.Length) return value;
        return SmallIntegers[value] ??= value; // a race only boxes the same value twice
    }

    /// <summary>Names a value for an error message without walking into it (the tree may be deep or cyclic).</summary>
    public static string Describe(object? value) => value switch
    {
        null => "None",
        string s => $"string '{(s.Length > 60 ? s[..60] + "..." : s)}'",
        byte[] b => $"bytes of length {b.Length}",
        long l => $"integer {l}",
        double d => $"float {d.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        bool b => b ? "True" : "False",
        PickleTuple t => $"tuple of {t.Items.Length}",
        PickleList l => $"list of {l.Count}",
        PickleDict => "dict",
        PickleGlobal g => g.FullName,
        PickleObject o => $"{o.Callable.FullName}(...) object",
        _ => value.GetType().Name,
    };
}
