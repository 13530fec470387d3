using System.Buffers.Binary;
using System.Text;

using KerasNet.TestSupport;
using static TorchSharp.torch;

namespace KerasNet.TorchSupport.Tests.Serialization;

public sealed class SafetensorsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("kn-safetensors-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string PathOf(string name) => Path.Combine(folder, name);

    [Fact]
    public void EveryDtypeRoundTripsExactlyWithShapeAndMetadata()
    {
        using var scope = torch.NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = torch.randn(new long[] { 2, 3 }),
            ["f64"] = torch.randn(new long[] { 4 }, ScalarType.Float64),
            ["f16"] = torch.randn(new long[] { 3, 1 }).to(ScalarType.Float16),
            ["bf16"] = torch.randn(new long[] { 5 }).to(ScalarType.BFloat16),
            ["i64"] = torch.arange(0, 6).reshape(2, 3),
            ["i32"] = torch.arange(0, 4, dtype: ScalarType.Int32),
            ["i16"] = torch.arange(0, 4, dtype: ScalarType.Int16),
            ["i8"] = torch.arange(-2, 2, dtype: ScalarType.Int8),
            ["u8"] = torch.arange(250, 256, dtype: ScalarType.Byte),
            ["bool"] = torch.tensor(new[] { true, false, true }),
            ["scalar"] = torch.tensor(3.5f),
            ["empty"] = torch.zeros(new long[] { 0, 4 }),
        };
        var path = PathOf("all.safetensors");
        Safetensors.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });

        var loaded = Safetensors.Load(path, out var metadata);
        Assert.Equal("pt", metadata["format"]);
        Assert.Equal(tensors.Keys, loaded.Keys);
        foreach (var (name, expected) in tensors)
        {
            var actual = loaded[name];
            Assert.Equal(expected.dtype, actual.dtype);
            Assert.Equal(expected.shape, actual.shape);
            Assert.Equal(Safetensors.ToBytes(expected), Safetensors.ToBytes(actual));
            actual.Dispose();
        }
    }

    [Fact]
    public void TensorMemoryIsVisitedInWholeElementChunksFromTheViewsOffset()
    {
        // Load and Save move data in 1 GiB views (Tensor.bytes spans at most 2 GiB); the same code with 24-byte chunks.
        using var scope = torch.NewDisposeScope();
        var matrix = torch.arange(0, 40, dtype: ScalarType.Float64).reshape(4, 10);
        var row = matrix[2]; // contiguous, at storage offset 20
        var chunks = new List<byte[]>();
        Safetensors.ForEachChunk(row, span => chunks.Add(span.ToArray()), chunkBytes: 28);
        Assert.Equal(new[] { 24, 24, 24, 8 }, chunks.Select(c => c.Length));
        Assert.Equal(Safetensors.ToBytes(row), chunks.SelectMany(c => c).ToArray());
        Assert.Equal(20.0, BitConverter.ToDouble(chunks[0]));

        var target = torch.zeros(new long[] { 2, 5 }, ScalarType.Float64);
        var source = Safetensors.ToBytes(row);
        var written = 0;
        Safetensors.ForEachChunk(target, span => { source.AsSpan(written, span.Length).CopyTo(span); written += span.Length; }, chunkBytes: 16);
        TensorAssert.Equal(row.reshape(2, 5), target);
    }

    [Fact]
    public void FilesWrittenByPythonLoad()
    {
        // The committed fixtures are written by tests/fixtures/generate_fixtures.py's own writer.
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "torch", "core.safetensors");
        var index = Safetensors.ReadIndex(path);
        Assert.Contains(index, e => e.Name == "add_broadcast.in0" && e.DType == ScalarType.Float32 && e.Shape.SequenceEqual(new long[] { 3, 4 }));
    }

    private static byte[] File(string header, byte[]? data = null, long? claimedLength = null)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + (data?.Length ?? 0)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)(claimedLength ?? json.Length));
        json.CopyTo(bytes, 8);
        data?.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    public static TheoryData<string, byte[], string> CorruptFiles() => new()
    {
        { "short", new byte[] { 1, 2, 3 }, "shorter than the 8-byte header length" },
        { "huge-header", File("{}", claimedLength: 1L << 40), "header length" },
        { "truncated-header", File("{\"a\":{}}", claimedLength: 500), "truncated" },
        { "not-json", File("{not json"), "not valid JSON" },
        { "not-object", File("[1,2,3]"), "not a JSON object" },
        { "no-dtype", File("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]), "no dtype" },
        { "bad-dtype", File("{\"a\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]), "C64" },
        { "negative-size", File("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4]), "non-negative" },
        { "wrong-span", File("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]), "needs 8" },
        { "reversed-offsets", File("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", new byte[4]), "data_offsets" },
        { "past-end", File("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[8]), "truncated" },
        { "overlap", File("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]), "overlap" },
        { "metadata-not-strings", File("{\"__metadata__\":{\"a\":1}}"), "not a string" },
    };

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void CorruptFileRaisesFormatErrorNamingFileAndProblem(string name, byte[] content, string expected)
    {
        var path = PathOf(name + ".safetensors");
        System.IO.File.WriteAllBytes(path, content);
        var error = Assert.Throws<TorchFormatException>(() => Safetensors.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void MissingFileRaisesFileNotFoundNamingIt()
    {
        var path = PathOf("absent.safetensors");
        var error = Assert.Throws<FileNotFoundException>(() => Safetensors.Load(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void RandomAndMutatedBytesOnlyEverRaiseFormatErrors()
    {
        using var scope = torch.NewDisposeScope();
        var path = PathOf("valid.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["w"] = torch.randn(new long[] { 3, 5 }), ["b"] = torch.arange(0, 5) });
        var valid = System.IO.File.ReadAllBytes(path);
        var random = new Random(12345);
        var fuzzed = PathOf("fuzzed.safetensors");
        for (var i = 0; i < 400; i++)
        {
            byte[] bytes;
            if (i % 4 == 0)
            {
                bytes = new byte[random.Next(0, 200)];
                random.NextBytes(bytes);
            }
            else
            {
                bytes = (byte[])valid.Clone();
                for (var m = 0; m < 1 + i % 5; m++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                if (i % 7 == 0) bytes = bytes.AsSpan(0, random.Next(bytes.Length)).ToArray();
            }
            System.IO.File.WriteAllBytes(fuzzed, bytes);
            try
            {
                foreach (var t in Safetensors.Load(fuzzed).Values) t.Dispose();
            }
            catch (TorchFormatException)
            {
                // expected for most mutations; anything else fails the test
            }
        }
    }

    [Fact]
    public void InterruptedSaveLeavesThePreviousFileIntact()
    {
        var path = PathOf("keep.bin");
        System.IO.File.WriteAllText(path, "previous content");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[1000]);
            throw new IOException("simulated crash in the middle of a write");
        }));
        Assert.Equal("previous content", System.IO.File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder));
    }

    [Fact]
    public void DuplicateOrReservedNamesAreRejected()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.zeros(1);
        Assert.Throws<ArgumentException>(() => Safetensors.Save(PathOf("x"), new[] { KeyValuePair.Create("a", t), KeyValuePair.Create("a", t) }));
        Assert.Throws<ArgumentException>(() => Safetensors.Save(PathOf("x"), new[] { KeyValuePair.Create("__metadata__", t) }));
    }
}
