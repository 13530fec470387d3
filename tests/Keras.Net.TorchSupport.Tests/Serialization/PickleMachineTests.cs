using System.Text;
using KerasNet.TorchSupport.Pickle;

namespace KerasNet.TorchSupport.Tests.Serialization;

/// <summary>
/// The shared restricted pickle interpreter on its own: real CPython streams (written by /usr/bin/python3's pickle
/// for protocols 2 to 5, embedded as hex), and hand-written ones for the allow-list, the memo, the limits, truncation,
/// persistent ids and the opcodes it refuses.
/// </summary>
public class PickleMachineTests
{
    private static readonly PickleAllowList Nothing = new(Array.Empty<(string, string)>());
    private static readonly PickleAllowList OrderedDictOnly = new(new[] { ("collections", "OrderedDict") });
    private static readonly PickleLimits Limits = new();

    // pickle.dumps({'ints': [1, -2, 300, 70000, 2**40, -2**63, 2**63-1], 'mixed': (1.5, None, True, False, 'x', 'é中'),
    //               'a': shared, 'b': shared, 'empty': {}}, protocol=p) with shared = [7].
    private static readonly string[] CPythonValueStreams =
    {
        "80027d7100285804000000696e747371015d7102284b014afeffffff4d2c014a701101008a060000000000018a0800000000000000808a08ffffffffffffff7f6558050000006d69786564710328473ff80000000000004e888958010000007871045805000000c3a9e4b8ad710574710658010000006171075d71084b0761580100000062710968085805000000656d707479710a7d710b752e", // protocol 2
        "80037d7100285804000000696e747371015d7102284b014afeffffff4d2c014a701101008a060000000000018a0800000000000000808a08ffffffffffffff7f6558050000006d69786564710328473ff80000000000004e888958010000007871045805000000c3a9e4b8ad710574710658010000006171075d71084b0761580100000062710968085805000000656d707479710a7d710b752e", // protocol 3
        "80049577000000000000007d94288c04696e7473945d94284b014afeffffff4d2c014a701101008a060000000000018a0800000000000000808a08ffffffffffffff7f658c056d697865649428473ff80000000000004e88898c0178948c05c3a9e4b8ad9474948c0161945d944b07618c01629468088c05656d707479947d94752e", // protocol 4
        "80059577000000000000007d94288c04696e7473945d94284b014afeffffff4d2c014a701101008a060000000000018a0800000000000000808a08ffffffffffffff7f658c056d697865649428473ff80000000000004e88898c0178948c05c3a9e4b8ad9474948c0161945d944b07618c01629468088c05656d707479947d94752e", // protocol 5
    };

    public static TheoryData<int, string> CPythonValues()
    {
        var data = new TheoryData<int, string>();
        for (var i = 0; i < CPythonValueStreams.Length; i++) data.Add(i + 2, CPythonValueStreams[i]);
        return data;
    }

    // pickle.dumps(collections.OrderedDict([('w', 1), ('v', 2)]), protocol=p): GLOBAL (2) or STACK_GLOBAL (5), REDUCE, SETITEMS.
    private static readonly string[] CPythonOrderedDictStreams =
    {
        "800263636f6c6c656374696f6e730a4f726465726564446963740a7100295271012858010000007771024b0158010000007671034b02752e",
        "80059530000000000000008c0b636f6c6c656374696f6e73948c0b4f72646572656444696374949394295294288c0177944b018c0176944b02752e",
    };

    public static TheoryData<string> CPythonOrderedDicts() => new(CPythonOrderedDictStreams);

    // A pickle.Pickler whose persistent_id turns two objects into ('ext', 'k0') and ('ext', 'k1'), protocol 2, in a list.
    private const string CPythonPersistentIds = "80025d7100285803000000657874710158020000006b30710286710351680158020000006b31710486710551652e";

    private static object? Load(byte[] pickle, PickleAllowList? allowed = null, PickleLimits? limits = null, Func<object?, object?>? persistentLoad = null) =>
        PickleMachine.Load(pickle, 0, allowed ?? Nothing, limits ?? Limits, persistentLoad);

    private static PickleException Fails(byte[] pickle, PickleAllowList? allowed = null, PickleLimits? limits = null) =>
        Assert.ThrowsAny<PickleException>(() => Load(pickle, allowed, limits));

    // Concatenates opcodes (chars or ints below 256), ASCII/UTF-8 text and raw byte arrays.
    private static byte[] P(params object[] parts)
    {
        var bytes = new List<byte>();
        foreach (var part in parts)
            switch (part)
            {
                case char c: bytes.Add(checked((byte)c)); break;
                case int i: bytes.Add(checked((byte)i)); break;
                case string s: bytes.AddRange(Encoding.UTF8.GetBytes(s)); break;
                case byte[] a: bytes.AddRange(a); break;
                default: throw new ArgumentException($"cannot write a {part.GetType().Name}");
            }
        return bytes.ToArray();
    }

    [Theory]
    [MemberData(nameof(CPythonValues))]
    public void CPythonStreamsOfEveryProtocolReadAsTheSameNeutralTree(int protocol, string hex)
    {
        var root = Assert.IsType<PickleDict>(Load(Convert.FromHexString(hex)));
        Assert.Equal(new object?[] { "ints", "mixed", "a", "b", "empty" }, root.Items.Select(p => p.Key));
        var values = root.Items.ToDictionary(p => (string)p.Key!, p => p.Value);
        var ints = Assert.IsType<PickleList>(values["ints"]);
        Assert.Equal(new object[] { 1L, -2L, 300L, 70000L, 1L << 40, long.MinValue, long.MaxValue }, ints);
        Assert.True(ints.TryGetIntegers(out var unboxed));
        Assert.Equal(new[] { 1L, -2L, 300L, 70000L, 1L << 40, long.MinValue, long.MaxValue }, unboxed.ToArray());
        Assert.Equal(new object?[] { 1.5, null, true, false, "x", "é中" }, Assert.IsType<PickleTuple>(values["mixed"]).Items);
        // The second reference to the shared list is a memo recall (BINGET), so both keys hold one object.
        Assert.Same(values["a"], values["b"]);
        Assert.Equal(new object[] { 7L }, Assert.IsType<PickleList>(values["a"]));
        Assert.Empty(Assert.IsType<PickleDict>(values["empty"]).Items);
        Assert.InRange(protocol, 2, 5);
    }

    [Theory]
    [MemberData(nameof(CPythonOrderedDicts))]
    public void ReduceOfAnAllowedGlobalIsARecordOfTheCallNotACall(string hex)
    {
        var record = Assert.IsType<PickleObject>(Load(Convert.FromHexString(hex), OrderedDictOnly));
        Assert.Equal(new PickleGlobal("collections", "OrderedDict"), record.Callable);
        Assert.Equal(PickleCallKind.Reduce, record.Kind);
        Assert.Empty(record.Args);
        Assert.False(record.HasState);
        Assert.False(record.HasListItems);
        Assert.Equal(new[] { new KeyValuePair<object?, object?>("w", 1L), new KeyValuePair<object?, object?>("v", 2L) }, record.DictItems);
    }

    public static TheoryData<string, string, byte[]> RefusedGlobals() => new()
    {
        // GLOBAL os.system, ('touch pwned',), REDUCE: what pickle.loads would turn into a call.
        { "os", "system", P(0x80, 2, 'c', "os\nsystem\n", 'X', 11, 0, 0, 0, "touch pwned", 0x85, 'R', '.') },
        { "builtins", "eval", P(0x80, 4, 0x8c, 8, "builtins", 0x8c, 4, "eval", 0x93, '.') },
        { "subprocess", "Popen", P(0x80, 2, 'c', "subprocess\nPopen\n", ')', 'R', '.') },
        // Exact pairs: neither a dotted name inside an allowed module nor a submodule of it is admitted.
        { "collections", "OrderedDict.fromkeys", P(0x80, 4, 0x8c, 11, "collections", 0x8c, 20, "OrderedDict.fromkeys", 0x93, '.') },
        { "collections.abc", "OrderedDict", P(0x80, 2, 'c', "collections.abc\nOrderedDict\n", '.') },
        // Refused the moment it is named: the truncated rest of the stream is never read.
        { "posix", "system", P(0x80, 2, 'c', "posix\nsystem\n", 'X', 200) },
    };

    [Theory]
    [MemberData(nameof(RefusedGlobals))]
    public void GlobalsOutsideTheAllowListAreRefusedWhenNamed(string module, string name, byte[] pickle)
    {
        var error = Assert.Throws<PickleGlobalRefusedException>(() => Load(pickle, OrderedDictOnly));
        Assert.Equal(module, error.Module);
        Assert.Equal(name, error.Name);
        Assert.Equal($"the pickle names the Python global '{module}.{name}', which is not allowed", error.Message);
    }

    [Fact]
    public void TheAllowListIsTheCallersOwn()
    {
        var orderedDict = Convert.FromHexString(CPythonOrderedDictStreams[0]);
        Assert.IsType<PickleObject>(Load(orderedDict, OrderedDictOnly));
        var error = Assert.Throws<PickleGlobalRefusedException>(() => Load(orderedDict, Nothing));
        Assert.Equal("collections.OrderedDict", error.FullName);
        Assert.Equal(2 + 1 + "collections\nOrderedDict\n".Length, error.Offset);
    }

    public static TheoryData<byte[], string> RefusedOpcodes() => new()
    {
        // INST and OBJ would call a class; EXT1 looks up the copyreg registry; NEWOBJ_EX and out-of-band buffers are not read.
        { P(0x80, 2, 'i', "os\nsystem\n", '.'), "opcode 0x69 ('i') at byte 2 is not one this restricted reader interprets" },
        { P(0x80, 2, '(', 'o', '.'), "opcode 0x6f ('o') at byte 3 is not one this restricted reader interprets" },
        { P(0x80, 2, 0x82, 1, '.'), "opcode 0x82 at byte 2 is not one this restricted reader interprets" },
        { P(0x80, 4, 0x92, '.'), "opcode 0x92 at byte 2 is not one this restricted reader interprets" },
        { P(0x80, 5, 0x97, '.'), "opcode 0x97 at byte 2 is not one this restricted reader interprets" },
        // Protocol 0 text opcodes (INT, PERSID) are not read either.
        { P('I', "1\n", '.'), "opcode 0x49 ('I') at byte 0 is not one this restricted reader interprets" },
        { P(0x80, 6, 'N', '.'), "pickle protocol 6 is not supported (protocols 2 to 5 are read)" },
        { P(0x80, 1, 'N', '.'), "pickle protocol 1 is not supported (protocols 2 to 5 are read)" },
    };

    [Theory]
    [MemberData(nameof(RefusedOpcodes))]
    public void OpcodesOutsideTheSetAreRefused(byte[] pickle, string message)
    {
        var error = Fails(pickle);
        Assert.IsNotType<PickleGlobalRefusedException>(error);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void MemoStoresAndRecallsTheSameObjectUnderEveryKeyForm()
    {
        // EMPTY_LIST, BINPUT 5, BINGET 5, APPEND: a list that holds itself.
        var self = Assert.IsType<PickleList>(Load(P(0x80, 2, ']', 'q', 5, 'h', 5, 'a', '.')));
        Assert.Same(self, Assert.Single(self));

        // LONG_BINPUT/LONG_BINGET with a key above 16 bits, and MEMOIZE numbering entries by the memo's size.
        var pair = Assert.IsType<PickleTuple>(Load(P(0x80, 4, 0x8c, 1, "s", 'r', 0x70, 0x11, 0x01, 0x00, '0', 'j', 0x70, 0x11, 0x01, 0x00,
            ']', 0x94, '0', 'h', 1, 0x86, '.')));
        Assert.Equal("s", pair.Items[0]);
        Assert.IsType<PickleList>(pair.Items[1]);

        Assert.Equal("memo entry 3 is read before it is written", Fails(P(0x80, 2, 'N', 'q', 0, '0', 'h', 3, '.')).Message);
        // A memo store needs a value above the current MARK.
        Assert.Equal("a value is needed but the stack is empty", Fails(P(0x80, 2, 'N', '(', 'q', 0, '.')).Message);
    }

    [Fact]
    public void NestingAndStackSizeAreBoundedByTheCallersLimits()
    {
        var limits = new PickleLimits(MaxMarkDepth: 3, MaxStackValues: 4);
        var three = Assert.IsType<PickleTuple>(Load(P(0x80, 2, '(', '(', '(', 'N', 't', 't', 't', '.'), limits: limits));
        var inner = Assert.IsType<PickleTuple>(Assert.Single(Assert.IsType<PickleTuple>(Assert.Single(three.Items)).Items));
        Assert.Null(Assert.Single(inner.Items));

        var deep = Fails(P(0x80, 2, '(', '(', '(', '(', 'N', 't', 't', 't', 't', '.'), limits: limits);
        Assert.Equal("the pickle nests deeper than 3 MARKs", deep.Message);
        Assert.Equal(6, deep.Offset);
        Assert.Equal("the pickle's stack grew past 4 values", Fails(P('N', 'N', 'N', 'N', 'N', '.'), limits: limits).Message);

        // The default allows 64 open MARKs, not 65.
        Assert.IsType<PickleTuple>(Load(P(Enumerable.Repeat((object)'(', 64).Append(')').Concat(Enumerable.Repeat((object)'t', 64)).Append('.').ToArray())));
        Assert.Equal("the pickle nests deeper than 64 MARKs", Fails(P(Enumerable.Repeat((object)'(', 65).ToArray())).Message);
    }

    [Fact]
    public void EveryTruncationOfARealStreamIsReportedAsTruncated()
    {
        var streams = CPythonValueStreams.Concat(CPythonOrderedDictStreams).Append(CPythonPersistentIds);
        var checkedPrefixes = 0;
        foreach (var hex in streams)
        {
            var full = Convert.FromHexString(hex);
            for (var length = 0; length < full.Length; length++)
            {
                var error = Assert.ThrowsAny<PickleException>(() => Load(full[..length], OrderedDictOnly, persistentLoad: id => id));
                Assert.IsNotType<PickleGlobalRefusedException>(error);
                Assert.Contains("truncated", error.Message);
                Assert.InRange(error.Offset, 0, length);
                checkedPrefixes++;
            }
        }
        Assert.True(checkedPrefixes > 600, $"only {checkedPrefixes} prefixes");
        Assert.Equal("the pickle is truncated: 11 more bytes are needed at byte 7, but it ends at byte 10",
            Fails(P(0x80, 2, 'X', 11, 0, 0, 0, "abc")).Message);
    }

    [Fact]
    public void PersistentIdsGoToTheCallersCallbackOrAreRefused()
    {
        var pickle = Convert.FromHexString(CPythonPersistentIds);
        var seen = new List<object?>();
        var list = Assert.IsType<PickleList>(Load(pickle, persistentLoad: id =>
        {
            seen.Add(id);
            var tuple = Assert.IsType<PickleTuple>(id);
            return $"resolved {tuple.Items[0]}/{tuple.Items[1]}";
        }));
        Assert.Equal(new object?[] { "resolved ext/k0", "resolved ext/k1" }, list);
        Assert.Equal(2, seen.Count);

        Assert.Equal("the pickle holds a persistent id, which this reader does not resolve", Fails(pickle).Message);
        // The caller's own exception passes through untouched.
        var own = Assert.Throws<InvalidDataException>(() => Load(pickle, persistentLoad: _ => throw new InvalidDataException("no such storage")));
        Assert.Equal("no such storage", own.Message);
    }

    [Fact]
    public void NewObjAndBuildOnlyRecordWhatPythonWouldDo()
    {
        var allowed = new PickleAllowList(new[] { ("mod", "Cls") });
        // GLOBAL mod.Cls, (1,), NEWOBJ, {'k': 2}, BUILD, APPEND 'x' (a list subclass's item).
        var record = Assert.IsType<PickleObject>(Load(P(0x80, 2, 'c', "mod\nCls\n", 'K', 1, 0x85, 0x81, '}', 0x8c, 1, "k", 'K', 2, 's', 'b', 0x8c, 1, "x", 'a', '.'), allowed));
        Assert.Equal(PickleCallKind.NewObj, record.Kind);
        Assert.Equal(new object?[] { 1L }, record.Args);
        Assert.True(record.HasState);
        Assert.Equal(new[] { new KeyValuePair<object?, object?>("k", 2L) }, Assert.IsType<PickleDict>(record.State).Items);
        Assert.Equal(new object?[] { "x" }, record.ListItems);

        Assert.Equal("BUILD sets the state of a mod.Cls(...) object a second time",
            Fails(P(0x80, 2, 'c', "mod\nCls\n", ')', 'R', 'N', 'b', 'N', 'b', '.'), allowed).Message);
        Assert.Equal("BUILD applies state to a list of 0; only objects made by REDUCE or NEWOBJ take state",
            Fails(P(0x80, 2, ']', 'N', 'b', '.')).Message);
        // Only a global can be called, and only with a tuple.
        Assert.Equal("REDUCE calls a list of 0, not an allowed global", Fails(P(0x80, 2, ']', ')', 'R', '.')).Message);
        Assert.Equal("NEWOBJ on mod.Cls received list of 0 instead of an argument tuple",
            Fails(P(0x80, 2, 'c', "mod\nCls\n", ']', 0x81, '.'), allowed).Message);
    }

    [Fact]
    public void IntegersOfEveryWidthAndPython2StringsDecodeAsPythonDoes()
    {
        object? One(params object[] value) => Load(P(new object[] { 0x80, 2 }.Concat(value).Append('.').ToArray()));

        Assert.Equal(0L, One(0x8a, 0));
        Assert.Equal(-1L, One(0x8a, 1, 0xff));
        Assert.Equal(long.MinValue, One(0x8a, 8, 0, 0, 0, 0, 0, 0, 0, 0x80));
        Assert.Equal(-1L, One(0x8b, 10, 0, 0, 0, Enumerable.Repeat((byte)0xff, 10).ToArray()));
        Assert.Equal(255L, One(0x8a, 10, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0)); // redundant zero bytes
        Assert.Equal("an integer does not fit in 64 bits", Fails(P(0x80, 2, 0x8a, 9, 0, 0, 0, 0, 0, 0, 0, 0x80, 0, '.')).Message);
        Assert.Equal("a length of -1 bytes is negative", Fails(P(0x80, 2, 0x8b, 0xff, 0xff, 0xff, 0xff, '.')).Message);
        Assert.Equal(-2L, One('J', 0xfe, 0xff, 0xff, 0xff));
        Assert.Equal(65535L, One('M', 0xff, 0xff));
        Assert.Equal(-0.5, One('G', 0xbf, 0xe0, 0, 0, 0, 0, 0, 0));

        // Python 2 str (SHORT_BINSTRING, BINSTRING) reads as Latin-1 text; bytes stay bytes; unicode is strict UTF-8.
        Assert.Equal("caf\u00e9", One('U', 4, "caf", new byte[] { 0xe9 }));
        Assert.Equal("ab", One('T', 2, 0, 0, 0, "ab"));
        Assert.Equal(new byte[] { 1, 2 }, One('C', 2, 1, 2));
        Assert.Equal(new byte[] { 3 }, One('B', 1, 0, 0, 0, 3));
        Assert.Equal("é", One(0x8d, 2, 0, 0, 0, 0, 0, 0, 0, "é"));
        Assert.Equal("a string is not valid UTF-8", Fails(P(0x80, 2, 0x8c, 1, 0xff, '.')).Message);
        // STACK_GLOBAL needs text: a bytes module name is refused as malformed, not looked up.
        Assert.Equal("STACK_GLOBAL needs a module and a name as strings, not bytes of length 2 and string 'system'",
            Fails(P(0x80, 3, 'C', 2, "os", 0x8c, 6, "system", 0x93, '.')).Message);
    }

    [Fact]
    public void ListsKeepIntegersUnboxedUntilAnotherKindOfItemArrives()
    {
        // EMPTY_LIST, MARK, 1, 70000, APPENDS, then APPEND 'x' and APPEND 2.
        var list = Assert.IsType<PickleList>(Load(P(0x80, 2, ']', '(', 'K', 1, 'J', 0x70, 0x11, 1, 0, 'e', '.')));
        Assert.True(list.TryGetIntegers(out var values));
        Assert.Equal(new[] { 1L, 70000L }, values.ToArray());

        var mixed = Assert.IsType<PickleList>(Load(P(0x80, 2, ']', '(', 'K', 1, 'J', 0x70, 0x11, 1, 0, 'e', 0x8c, 1, "x", 'a', 'K', 2, 'a', '.')));
        Assert.False(mixed.TryGetIntegers(out _));
        Assert.Equal(new object?[] { 1L, 70000L, "x", 2L }, mixed);
        Assert.Equal("x", mixed[2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[2]);

        // LIST from a MARK, and an empty list, are integer lists too.
        Assert.True(Assert.IsType<PickleList>(Load(P(0x80, 2, '(', 'K', 5, 'l', '.'))).TryGetIntegers(out var five));
        Assert.Equal(new[] { 5L }, five.ToArray());
        Assert.True(Assert.IsType<PickleList>(Load(P(0x80, 2, ']', '.'))).TryGetIntegers(out var none));
        Assert.Equal(0, none.Length);
    }

    [Fact]
    public void StackDisciplineIsChecked()
    {
        Assert.Equal("the pickle stops with 2 values on its stack instead of 1", Fails(P(0x80, 2, 'N', 'N', '.')).Message);
        Assert.Equal("the pickle stops with 0 values on its stack instead of 1", Fails(P(0x80, 2, '.')).Message);
        Assert.Equal("a tuple of 2 needs 2 values on the stack", Fails(P(0x80, 2, 'N', '(', 'N', 0x86, '.')).Message);
        Assert.Equal("an opcode needs a MARK that was never set", Fails(P(0x80, 2, 'N', 't', '.')).Message);
        Assert.Equal("SETITEMS received an odd number of values (1)", Fails(P(0x80, 2, '}', '(', 'N', 'u', '.')).Message);
        Assert.Equal("APPEND applies to a dict, not a list", Fails(P(0x80, 2, '}', 'N', 'a', '.')).Message);
        Assert.Equal("APPENDS applies to a dict, not a list", Fails(P(0x80, 2, '}', '(', 'N', 'e', '.')).Message);
        Assert.Equal("a value is needed but the stack is empty", Fails(P(0x80, 2, '(', 'N', 'e', '.')).Message);
        Assert.Equal("SETITEM applies to a list of 0, not a dict", Fails(P(0x80, 2, ']', 'N', 'N', 's', '.')).Message);
        // Bytes after STOP are not read.
        Assert.Null(Load(P(0x80, 2, 'N', '.', 0xff, 0xff)));
        // A pickle may start inside a larger buffer (a .npy file's header comes first).
        Assert.Equal(7L, PickleMachine.Load(P("header", 0x80, 2, 'K', 7, '.'), 6, Nothing, Limits));
    }
}
