using System.Runtime.InteropServices;
using static KerasNet.TorchSupport.Pickle.PickleOpcodes;

namespace KerasNet.TorchSupport.Pickle;

/// <summary>
/// A restricted pickle interpreter: it runs the opcodes of protocols 2 to 5 (and Python 2's string opcodes) over a
/// stack, marks and a memo, and returns a neutral tree of plain values, <see cref="PickleTuple"/>, <see cref="PickleList"/>,
/// <see cref="PickleDict"/>, <see cref="PickleGlobal"/> and <see cref="PickleObject"/> records. It never calls, imports
/// or looks up anything: a global outside the caller's <see cref="PickleAllowList"/> raises
/// <see cref="PickleGlobalRefusedException"/> the moment it is named, REDUCE/NEWOBJ/BUILD only record what Python
/// would have done, and persistent ids go to the caller's callback (without one they are refused). Every other
/// problem (truncation, a malformed stream, an opcode outside the list in <see cref="PickleOpcodes"/>, a limit
/// passed) raises <see cref="PickleException"/>. Callers interpret the tree and raise their own exception types.
/// The tree may nest deeper than the MARK limit (TUPLE1-3 and APPEND need no MARK) and may be cyclic through the memo,
/// so code reading it must not recurse over it without a bound; the callers read fixed shapes.
/// </summary>
internal sealed class PickleMachine
{
    private static readonly object True = true;
    private static readonly object False = false;

    private readonly PickleInput input;
    private readonly PickleAllowList allowed;
    private readonly PickleLimits limits;
    private readonly Func<object?, object?>? persistentLoad;
    private readonly List<object?> stack = new();
    private readonly Stack<int> marks = new();
    private readonly Dictionary<long, object?> memo = new();

    private PickleMachine(PickleInput input, PickleAllowList allowed, PickleLimits limits, Func<object?, object?>? persistentLoad)
    {
        this.input = input;
        this.allowed = allowed;
        this.limits = limits;
        this.persistentLoad = persistentLoad;
    }

    /// <summary>Interprets the pickle that starts at <paramref name="start"/> up to its STOP and returns its value.</summary>
    /// <param name="data">The buffer holding the pickle (bytes after its STOP are ignored).</param>
    /// <param name="start">Where the pickle starts in <paramref name="data"/>.</param>
    /// <param name="allowed">The globals the stream may name.</param>
    /// <param name="limits">Bounds on nesting and stack size.</param>
    /// <param name="persistentLoad">Turns a persistent id (the value BINPERSID pops) into the value pushed in its place; null refuses persistent ids.</param>
    public static object? Load(byte[] data, int start, PickleAllowList allowed, PickleLimits limits, Func<object?, object?>? persistentLoad = null)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentNullException.ThrowIfNull(limits);
        return new PickleMachine(new PickleInput(data, start), allowed, limits, persistentLoad).Run();
    }

    private object? Run()
    {
        while (true)
        {
            if (input.AtEnd) throw Error("the pickle is truncated: it ends before its STOP opcode");
            var op = input.ReadByte();
            switch (op)
            {
                case Proto:
                    var protocol = input.ReadByte();
                    if (protocol is < 2 or > 5) throw Error($"pickle protocol {protocol} is not supported (protocols 2 to 5 are read)");
                    break;
                case Frame: input.ReadUInt64(); break; // a frame's length only announces what follows
                case Stop:
                    if (stack.Count != 1) throw Error($"the pickle stops with {stack.Count} values on its stack instead of 1");
                    return stack[0];
                case Mark:
                    if (marks.Count >= limits.MaxMarkDepth) throw Error($"the pickle nests deeper than {limits.MaxMarkDepth} MARKs");
                    marks.Push(stack.Count);
                    break;
                case PickleOpcodes.Pop: Pop(); break;

                case None: Push(null); break;
                case NewTrue: Push(True); break;
                case NewFalse: Push(False); break;
                case BinInt: Push(PickleValue.Integer(input.ReadInt32())); break;
                case BinInt1: Push(PickleValue.Integer(input.ReadByte())); break;
                case BinInt2: Push(PickleValue.Integer(input.ReadUInt16())); break;
                case Long1: Push(PickleValue.Integer(input.ReadSignedInteger(input.ReadByte()))); break;
                case Long4: Push(PickleValue.Integer(input.ReadSignedInteger(input.ReadInt32()))); break;
                case BinFloat: Push(input.ReadFloat64BigEndian()); break;

                case ShortBinString: Push(input.ReadLatin1(input.ReadByte())); break;
                case BinString: Push(input.ReadLatin1(input.ReadInt32())); break;
                case ShortBinBytes: Push(input.ReadBytes(input.ReadByte())); break;
                case BinBytes: Push(input.ReadBytes(input.ReadUInt32())); break;
                case ShortBinUnicode: Push(input.ReadUtf8(input.ReadByte())); break;
                case BinUnicode: Push(input.ReadUtf8(input.ReadUInt32())); break;
                case BinUnicode8: Push(input.ReadUtf8(Length(input.ReadUInt64()))); break;

                case EmptyTuple: Push(new PickleTuple(Array.Empty<object?>())); break;
                case Tuple1: Push(new PickleTuple(PopN(1))); break;
                case Tuple2: Push(new PickleTuple(PopN(2))); break;
                case Tuple3: Push(new PickleTuple(PopN(3))); break;
                case PickleOpcodes.Tuple: Push(new PickleTuple(PopMark())); break;
                case EmptyList: Push(new PickleList()); break;
                case PickleOpcodes.List: { var list = new PickleList(); list.AddRange(PopMark()); Push(list); break; }
                case Append: { var item = Pop(); ListOf(Peek(), "APPEND").Add(item); break; }
                case Appends: AppendMarked(); break;
                case EmptyDict: Push(new PickleDict()); break;
                case Dict: { var dict = new PickleDict(); AddPairs(dict.Items, PopMark(), "DICT"); Push(dict); break; }
                case SetItem: { var value = Pop(); var key = Pop(); PairsOf(Peek(), "SETITEM").Add(new(key, value)); break; }
                case SetItems: { var items = PopMark(); AddPairs(PairsOf(Peek(), "SETITEMS"), items, "SETITEMS"); break; }

                case BinPut: Memo(input.ReadByte()); break;
                case LongBinPut: Memo(input.ReadUInt32()); break;
                case Memoize: Memo(memo.Count); break;
                case BinGet: Push(Recall(input.ReadByte())); break;
                case LongBinGet: Push(Recall(input.ReadUInt32())); break;

                case Global: { var module = input.ReadGlobalNamePart(); var name = input.ReadGlobalNamePart(); Push(AllowedGlobal(module, name)); break; }
                case StackGlobal:
                {
                    var name = Pop();
                    var module = Pop();
                    if (module is not string m || name is not string n)
                        throw Error($"STACK_GLOBAL needs a module and a name as strings, not {PickleValue.Describe(module)} and {PickleValue.Describe(name)}");
                    Push(AllowedGlobal(m, n));
                    break;
                }
                case PickleOpcodes.Reduce: { var args = Pop(); var callable = Pop(); Push(Call(callable, args, PickleCallKind.Reduce, "REDUCE")); break; }
                case NewObj: { var args = Pop(); var type = Pop(); Push(Call(type, args, PickleCallKind.NewObj, "NEWOBJ")); break; }
                case Build:
                {
                    var state = Pop();
                    var target = Peek();
                    if (target is not PickleObject obj)
                        throw Error($"BUILD applies state to a {PickleValue.Describe(target)}; only objects made by REDUCE or NEWOBJ take state");
                    if (obj.HasState) throw Error($"BUILD sets the state of a {PickleValue.Describe(obj)} a second time");
                    obj.SetState(state);
                    break;
                }
                case BinPersId:
                {
                    var id = Pop();
                    if (persistentLoad is null) throw Error("the pickle holds a persistent id, which this reader does not resolve");
                    Push(persistentLoad(id));
                    break;
                }
                default:
                    throw new PickleException(
                        $"opcode 0x{op:x2}{(op is >= 0x20 and < 0x7f ? $" ('{(char)op}')" : "")} at byte {input.Position - 1} is not one this restricted reader interprets",
                        input.Position - 1);
            }
        }
    }

    private PickleException Error(string reason) => input.Error(reason);

    private long Length(ulong length) => length > int.MaxValue ? throw Error($"a length of {length} bytes runs past the end of the pickle") : (long)length;

    private PickleGlobal AllowedGlobal(string module, string name) =>
        allowed.Allows(module, name) ? new PickleGlobal(module, name) : throw new PickleGlobalRefusedException(module, name, input.Position);

    private PickleObject Call(object? callable, object? args, PickleCallKind kind, string op)
    {
        if (callable is not PickleGlobal global) throw Error($"{op} calls a {PickleValue.Describe(callable)}, not an allowed global");
        if (args is not PickleTuple tuple) throw Error($"{op} on {global.FullName} received {PickleValue.Describe(args)} instead of an argument tuple");
        return new PickleObject(global, kind, tuple.Items);
    }

    private PickleList ListOf(object? target, string op) => target switch
    {
        PickleList list => list,
        PickleObject obj => obj.ListItems,
        _ => throw Error($"{op} applies to a {PickleValue.Describe(target)}, not a list"),
    };

    private List<KeyValuePair<object?, object?>> PairsOf(object? target, string op) => target switch
    {
        PickleDict dict => dict.Items,
        PickleObject obj => obj.DictItems,
        _ => throw Error($"{op} applies to a {PickleValue.Describe(target)}, not a dict"),
    };

    private void AddPairs(List<KeyValuePair<object?, object?>> pairs, object?[] items, string op)
    {
        if (items.Length % 2 != 0) throw Error($"{op} received an odd number of values ({items.Length})");
        for (var i = 0; i < items.Length; i += 2) pairs.Add(new(items[i], items[i + 1]));
    }

    private void Memo(long key) => memo[key] = Peek();

    private object? Recall(long key) => memo.TryGetValue(key, out var value) ? value : throw Error($"memo entry {key} is read before it is written");

    private int Floor => marks.Count > 0 ? marks.Peek() : 0;

    private void Push(object? value)
    {
        if (stack.Count >= limits.MaxStackValues) throw Error($"the pickle's stack grew past {limits.MaxStackValues} values");
        stack.Add(value);
    }

    private object? Peek() => stack.Count > Floor ? stack[^1] : throw Error("a value is needed but the stack is empty");

    private object? Pop()
    {
        var value = Peek();
        stack.RemoveAt(stack.Count - 1);
        return value;
    }

    private object?[] PopN(int n)
    {
        if (stack.Count - Floor < n) throw Error($"a tuple of {n} needs {n} values on the stack");
        var items = stack.GetRange(stack.Count - n, n).ToArray();
        stack.RemoveRange(stack.Count - n, n);
        return items;
    }

    private object?[] PopMark()
    {
        var start = PopMarkStart();
        var items = new object?[stack.Count - start];
        stack.CopyTo(start, items, 0, items.Length);
        stack.RemoveRange(start, items.Length);
        return items;
    }

    private int PopMarkStart() => marks.Count > 0 ? marks.Pop() : throw Error("an opcode needs a MARK that was never set");

    // APPENDS moves the items above the MARK straight into the list: object arrays of integer lists are mostly this.
    private void AppendMarked()
    {
        var start = PopMarkStart();
        if (start <= Floor) throw Error("a value is needed but the stack is empty");
        var list = ListOf(stack[start - 1], "APPENDS");
        list.AddRange(CollectionsMarshal.AsSpan(stack)[start..]);
        stack.RemoveRange(start, stack.Count - start);
    }
}
