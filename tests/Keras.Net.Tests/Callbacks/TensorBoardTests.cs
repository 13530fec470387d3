using System.Buffers.Binary;
using System.Text;
using KerasNet.Callbacks;
using KerasNet.Models;

namespace KerasNet.Tests.Callbacks;

/// <summary>TensorBoard event files read back with an independent reader: TFRecord framing, CRCs and the protobuf fields.</summary>
public class TensorBoardTests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xC1D04330u)]
    [InlineData("123456789", 0xE3069283u)]
    public void Crc32CMatchesKnownVectors(string text, uint expected) => Assert.Equal(expected, Crc32C.Compute(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Crc32CMatchesTheIscsiVectors()
    {
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(unchecked(((0xE3069283u >> 15) | (0xE3069283u << 17)) + 0xA282EAD8u), Crc32C.Masked(Encoding.ASCII.GetBytes("123456789")));
    }

    // ---- an independent reader ----

    private static List<byte[]> ReadRecords(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var records = new List<byte[]>();
        var offset = 0;
        while (offset < bytes.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset));
            Assert.Equal(Mask(Crc(bytes.AsSpan(offset, 8))), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 8)));
            var data = bytes.AsSpan(offset + 12, length).ToArray();
            Assert.Equal(Mask(Crc(data)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 12 + length)));
            records.Add(data);
            offset += 16 + length;
        }
        Assert.Equal(bytes.Length, offset);
        return records;
    }

    // Bitwise CRC-32C, written independently of the table-driven one under test.
    private static uint Crc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1)));
        }
        return ~crc;
    }

    private static uint Mask(uint crc) => unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);

    private static List<(int Field, int Wire, ulong Number, byte[] Bytes)> Fields(byte[] message)
    {
        var fields = new List<(int, int, ulong, byte[])>();
        var i = 0;
        ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = message[i++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return value;
            }
        }
        while (i < message.Length)
        {
            var key = Varint();
            var field = (int)(key >> 3);
            var wire = (int)(key & 7);
            switch (wire)
            {
                case 0: fields.Add((field, wire, Varint(), Array.Empty<byte>())); break;
                case 1: fields.Add((field, wire, BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(i)), Array.Empty<byte>())); i += 8; break;
                case 5: fields.Add((field, wire, BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(i)), Array.Empty<byte>())); i += 4; break;
                case 2:
                    var length = (int)Varint();
                    fields.Add((field, wire, 0, message.AsSpan(i, length).ToArray()));
                    i += length;
                    break;
                default: throw new InvalidDataException($"wire type {wire}");
            }
        }
        return fields;
    }

    private sealed record Event(double WallTime, long Step, string? FileVersion, Dictionary<string, float> Scalars, Dictionary<string, double[]> Histograms);

    private static Event Decode(byte[] record)
    {
        double wall = 0;
        long step = 0;
        string? version = null;
        var scalars = new Dictionary<string, float>();
        var histograms = new Dictionary<string, double[]>();
        foreach (var (field, _, number, bytes) in Fields(record))
        {
            if (field == 1) wall = BitConverter.Int64BitsToDouble((long)number);
            else if (field == 2) step = (long)number;
            else if (field == 3) version = Encoding.UTF8.GetString(bytes);
            else if (field == 5)
                foreach (var value in Fields(bytes).Where(f => f.Field == 1))
                {
                    var parts = Fields(value.Bytes);
                    var tag = Encoding.UTF8.GetString(parts.Single(p => p.Field == 1).Bytes);
                    if (parts.FirstOrDefault(p => p.Field == 2) is { Wire: 5 } simple) scalars[tag] = BitConverter.Int32BitsToSingle((int)simple.Number);
                    if (parts.FirstOrDefault(p => p.Field == 5) is { Wire: 2 } histo)
                    {
                        var h = Fields(histo.Bytes);
                        double D(int f) => BitConverter.Int64BitsToDouble((long)h.Single(x => x.Field == f).Number);
                        var buckets = h.Single(x => x.Field == 7).Bytes;
                        var counts = Enumerable.Range(0, buckets.Length / 8).Select(k => BinaryPrimitives.ReadDoubleLittleEndian(buckets.AsSpan(k * 8))).ToArray();
                        histograms[tag] = new[] { D(1), D(2), D(3), counts.Sum(), h.Single(x => x.Field == 6).Bytes.Length / 8.0 };
                    }
                }
        }
        return new Event(wall, step, version, scalars, histograms);
    }

    [Fact]
    public void FitWritesScalarsLearningRateHistogramsAndBatchLogsThatParseBack()
    {
        using var folder = new TempFolder();
        using var scope = torch.NewDisposeScope();
        using var model = CallbackTestSupport.CompiledModel();
        var (x, y) = (TestData.Randn(1, 40, 4), TestData.Randn(2, 40, 2));
        var board = new TensorBoard(folder.File("logs"), histogramFreq: 2, updateFreq: 2);
        var history = model.Fit(x, y, batchSize: 8, epochs: 3, validationSplit: 0.2, verbose: Verbosity.Silent, callbacks: new Callback[] { board });

        Assert.StartsWith(Path.Combine(folder.File("logs"), "train", "events.out.tfevents."), board.TrainEventFile);
        Assert.EndsWith("." + Environment.MachineName, board.TrainEventFile);
        var train = ReadRecords(board.TrainEventFile!).Select(Decode).ToList();
        Assert.Equal("brain.Event:2", train[0].FileVersion);
        Assert.True(Math.Abs(train[0].WallTime - DateTimeOffset.UtcNow.ToUnixTimeSeconds()) < 600);

        // 32 training samples in batches of 8: 4 batches per epoch, batch logs every 2 batches (global steps 2, 4...).
        var batchEvents = train.Where(e => e.Scalars.ContainsKey("batch_loss")).ToList();
        Assert.Equal(new long[] { 2, 4, 6, 8, 10, 12 }, batchEvents.Select(e => e.Step));
        var epochEvents = train.Where(e => e.Scalars.ContainsKey("epoch_loss")).ToList();
        Assert.Equal(new long[] { 0, 1, 2 }, epochEvents.Select(e => e.Step));
        for (var epoch = 0; epoch < 3; epoch++)
        {
            Assert.Equal((float)history["loss"][epoch], epochEvents[epoch].Scalars["epoch_loss"]);
            Assert.Equal(0.05f, epochEvents[epoch].Scalars["epoch_learning_rate"]);
            Assert.DoesNotContain("epoch_val_loss", epochEvents[epoch].Scalars.Keys);
        }
        // Histograms at epochs 0 and 2: one per weight, counts summing to its size, 30 buckets between min and max.
        Assert.Equal(new[] { 4, 0, 4 }, epochEvents.Select(e => e.Histograms.Count));
        var kernel = model.Weights[0];
        var h = epochEvents[2].Histograms[kernel.Path];
        var values = kernel.Value.data<float>().ToArray();
        Assert.Equal(values.Min(), h[0], 6);
        Assert.Equal(values.Max(), h[1], 6);
        Assert.Equal(values.Length, h[2]);
        Assert.Equal(values.Length, h[3]);
        Assert.Equal(30, h[4]);

        var validation = ReadRecords(board.ValidationEventFile!).Select(Decode).ToList();
        Assert.StartsWith(Path.Combine(folder.File("logs"), "validation"), board.ValidationEventFile);
        Assert.Equal("brain.Event:2", validation[0].FileVersion);
        Assert.Equal(history["val_loss"].Select(v => (float)v), validation.Skip(1).Select(e => e.Scalars["epoch_loss"]));
    }

    [Fact]
    public void UnsupportedOptionsGiveClearErrors()
    {
        var profile = Assert.Throws<ArgumentException>(() => new TensorBoard("logs", profileBatch: 5));
        Assert.Contains("profileBatch = 5 was given, but profiling is not supported", profile.Message);
        var graph = Assert.Throws<ArgumentException>(() => new TensorBoard("logs", writeGraph: true));
        Assert.Contains("writeGraph is not supported", graph.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TensorBoard("logs", histogramFreq: -1));
    }
}
