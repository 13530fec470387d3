using System.IO.Compression;
using System.Text;

using static TorchSharp.torch;

namespace KerasNet.TorchSupport.Tests.Serialization;

public sealed class TorchSaveFileTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "fixtures", "torch");
    private readonly string folder = Directory.CreateTempSubdirectory("kn-torchsave-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void StateDictWrittenByTorchSaveLoadsWithDtypesViewsOffsetsAndSharedStorages()
    {
        // Written by tests/fixtures/generate_application_fixtures.py --committed with torch.save (PyTorch 1.13).
        using var scope = torch.NewDisposeScope();
        var loaded = TorchSaveFile.Load(Path.Combine(Fixtures, "torch_save_cases.pt"));
        var expected = Safetensors.Load(Path.Combine(Fixtures, "torch_save_cases.expected.safetensors"), out var metadata);
        Assert.Equal(metadata["keys"].Split(','), loaded.Keys);
        foreach (var (name, want) in expected)
        {
            var got = loaded[name];
            Assert.Equal(want.dtype, got.dtype);
            Assert.Equal(want.shape, got.shape);
            Assert.True(Safetensors.ToBytes(want).SequenceEqual(Safetensors.ToBytes(got)), $"'{name}' differs from torch's values");
        }
        Assert.Equal(ScalarType.Float16, loaded["float16"].dtype);
        Assert.Equal(new long[] { 6, 4 }, loaded["transposed"].shape);
    }

    [Fact]
    public void LoadStateDictTellsTorchSaveFromSafetensorsByContent()
    {
        using var scope = torch.NewDisposeScope();
        var pth = StateDictFile.Load(Path.Combine(Fixtures, "torch_save_cases.pt"));
        var st = StateDictFile.Load(Path.Combine(Fixtures, "torch_save_cases.expected.safetensors"));
        Assert.Equal(st.Keys.OrderBy(k => k), pth.Keys.OrderBy(k => k));
    }

    public static IEnumerable<object[]> MaliciousGlobals() => new[]
    {
        new object[] { "os", "system" },
        new object[] { "posix", "system" },
        new object[] { "builtins", "eval" },
        new object[] { "builtins", "exec" },
        new object[] { "subprocess", "Popen" },
        new object[] { "torch", "load" },
        new object[] { "collections", "namedtuple" },
    };

    [Theory]
    [MemberData(nameof(MaliciousGlobals))]
    public void PickleNamingAnyOtherGlobalIsRefusedAndNothingRuns(string module, string name)
    {
        var marker = Path.Combine(folder, "pwned");
        // GLOBAL module.name, ('touch <marker>',), REDUCE, STOP: what pickle.loads would turn into a call.
        var command = $"touch {marker}";
        var pickle = new List<byte> { 0x80, 0x02, (byte)'c' };
        pickle.AddRange(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
        pickle.Add((byte)'X');
        pickle.AddRange(BitConverter.GetBytes(command.Length));
        pickle.AddRange(Encoding.ASCII.GetBytes(command));
        pickle.AddRange(new byte[] { 0x85, (byte)'R', (byte)'.' });
        var path = WriteArchive("evil.pt", pickle.ToArray());

        var error = Assert.Throws<UnsafePickleException>(() => TorchSaveFile.Load(path));
        Assert.Equal($"{module}.{name}", error.Global);
        Assert.Contains($"'{module}.{name}'", error.Message);
        Assert.Contains("Nothing was executed", error.Message);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void StackGlobalIsCheckedAgainstTheSameAllowList()
    {
        // SHORT_BINUNICODE 'builtins', SHORT_BINUNICODE 'eval', STACK_GLOBAL, STOP (protocol 4 form).
        var pickle = new List<byte> { 0x80, 0x04, 0x8c, 8 };
        pickle.AddRange(Encoding.ASCII.GetBytes("builtins"));
        pickle.AddRange(new byte[] { 0x8c, 4 });
        pickle.AddRange(Encoding.ASCII.GetBytes("eval"));
        pickle.AddRange(new byte[] { 0x93, (byte)'.' });
        var error = Assert.Throws<UnsafePickleException>(() => TorchSaveFile.Load(WriteArchive("stack.pt", pickle.ToArray())));
        Assert.Equal("builtins.eval", error.Global);
    }

    [Fact]
    public void LegacyNonZipFormatIsRefusedWithAClearMessage()
    {
        var path = Path.Combine(folder, "legacy.pt");
        File.WriteAllBytes(path, new byte[] { 0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e });
        var error = Assert.Throws<TorchFormatException>(() => TorchSaveFile.Load(path));
        Assert.Contains("legacy (non-zip) torch.save file", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void NonZipAndNonStateDictFilesAreRefused()
    {
        var text = Path.Combine(folder, "notes.pt");
        File.WriteAllText(text, "hello world");
        Assert.Contains("not a zip archive", Assert.Throws<TorchFormatException>(() => TorchSaveFile.Load(text)).Message);

        // A pickle holding a list of ints, not a mapping of tensors.
        var list = WriteArchive("list.pt", new byte[] { 0x80, 0x02, (byte)']', (byte)'(', (byte)'K', 1, (byte)'K', 2, (byte)'e', (byte)'.' });
        Assert.Contains("not a state_dict", Assert.Throws<TorchFormatException>(() => TorchSaveFile.Load(list)).Message);

        var missing = Path.Combine(folder, "absent.pth");
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => TorchSaveFile.Load(missing)).Message);
    }

    [Fact]
    public void ViewRepeatingOneElementBeyondAnArrayIsRefusedBeforeAllocating()
    {
        // OrderedDict w = _rebuild_tensor_v2(storage of 1 float, offset 0, size (2**40,), stride (0,), False, OrderedDict()):
        // a valid view of its storage, but 4 TiB once materialized.
        var pickle = new List<byte> { 0x80, 0x02 };
        void Text(string s) => pickle.AddRange(Encoding.ASCII.GetBytes(s));
        void Unicode(string s) { pickle.Add((byte)'X'); pickle.AddRange(BitConverter.GetBytes(s.Length)); Text(s); }
        Text("ccollections\nOrderedDict\n)R");
        Unicode("w");
        Text("ctorch._utils\n_rebuild_tensor_v2\n(");
        Text("("); Unicode("storage"); Text("ctorch\nFloatStorage\n"); Unicode("0"); Unicode("cpu"); Text("K\x01tQ");
        Text("K\x00");
        pickle.AddRange(new byte[] { (byte)'(', 0x8a, 6, 0, 0, 0, 0, 0, 1, (byte)'t' }); // (2**40,)
        Text("(K\x00t");
        pickle.Add(0x89); // False
        Text("ccollections\nOrderedDict\n)R");
        Text("tRs.");
        var path = WriteArchive("broadcast.pt", pickle.ToArray(), ("archive/data/0", new byte[4]));
        var error = Assert.Throws<TorchFormatException>(() => TorchSaveFile.Load(path));
        Assert.Contains("tensor 'w' (shape [1099511627776]) holds 1099511627776 float32 elements, more than this reader materializes in one array", error.Message);
    }

    [Fact]
    public void MutatedAndTruncatedFilesOnlyEverRaiseFormatErrors()
    {
        var valid = File.ReadAllBytes(Path.Combine(Fixtures, "torch_save_cases.pt"));
        byte[] pickle;
        using (var zip = new ZipArchive(new MemoryStream(valid), ZipArchiveMode.Read))
        using (var stream = zip.Entries.Single(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal)).Open())
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            pickle = copy.ToArray();
        }
        var random = new Random(2024);
        var rejected = 0;
        for (var i = 0; i < 600; i++)
        {
            byte[] bytes;
            if (i % 3 == 0)
            {
                // Mutate the whole file (zip structure, storages, pickle) or cut it short.
                bytes = (byte[])valid.Clone();
                for (var m = 0; m < 1 + i % 6; m++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                if (i % 2 == 0) bytes = bytes.AsSpan(0, random.Next(bytes.Length)).ToArray();
            }
            else
            {
                // Mutate only the pickle, re-zipped with valid storages, so the reader itself sees the damage.
                var p = (byte[])pickle.Clone();
                for (var m = 0; m < 1 + i % 4; m++) p[random.Next(p.Length)] = (byte)random.Next(256);
                if (i % 5 == 0) p = p.AsSpan(0, random.Next(p.Length)).ToArray();
                bytes = ReplacePickle(valid, p);
            }
            try
            {
                foreach (var t in TorchSaveFile.Load(bytes, "fuzzed.pt").Values) t.Dispose();
            }
            catch (TorchFormatException)
            {
                rejected++;
            }
        }
        Assert.True(rejected > 300, $"only {rejected} of 600 damaged files were rejected");
    }

    private static byte[] ReplacePickle(byte[] archive, byte[] pickle)
    {
        using var input = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var entry in input.Entries)
            {
                var target = zip.CreateEntry(entry.FullName, CompressionLevel.NoCompression);
                using var to = target.Open();
                if (entry.FullName.EndsWith("/data.pkl", StringComparison.Ordinal)) to.Write(pickle);
                else
                {
                    using var from = entry.Open();
                    from.CopyTo(to);
                }
            }
        return output.ToArray();
    }

    private string WriteArchive(string name, byte[] pickle, params (string Entry, byte[] Data)[] extra)
    {
        var path = Path.Combine(folder, name);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            void Add(string entry, byte[] data)
            {
                using var s = zip.CreateEntry(entry, CompressionLevel.NoCompression).Open();
                s.Write(data);
            }
            Add("archive/data.pkl", pickle);
            Add("archive/byteorder", Encoding.ASCII.GetBytes("little"));
            Add("archive/version", Encoding.ASCII.GetBytes("3\n"));
            foreach (var (entry, data) in extra) Add(entry, data);
        }
        return path;
    }
}
