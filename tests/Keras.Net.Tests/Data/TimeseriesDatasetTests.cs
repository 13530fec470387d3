using KerasNet.Data;

namespace KerasNet.Tests.Data;

/// <summary>TimeseriesDatasetFromArray against Keras's documented windows (keras/src/utils/timeseries_dataset_utils.py).</summary>
public class TimeseriesDatasetTests
{
    private static Tensor Steps(int n) => torch.arange(n, dtype: ScalarType.Float32);

    private static List<Batch> All(DataLoader loader, int epoch = 0) => loader.GetBatches(epoch).ToList();

    private static float[] Row(Tensor t) => t.data<float>().ToArray();

    [Fact]
    public void WindowsAndTargetsFollowKerasIndexing()
    {
        // Keras's docstring example 1: data 0..99, sequence_length 10, sampling_rate 2, targets aligned so that
        // sample 0 is [0, 2, ..., 18] with target data[20].
        var data = Steps(100);
        var targets = data[20..];
        var loader = Utils.TimeseriesDatasetFromArray(data, targets, sequenceLength: 10, samplingRate: 2, batchSize: 128);
        var batches = All(loader);
        Assert.Single(batches);
        var x = batches[0].X[0];
        var y = batches[0].Y[0];
        // num_seqs = min(100 - 9 * 2, 80) = 80 windows
        Assert.Equal(new long[] { 80, 10 }, x.shape);
        Assert.Equal(new long[] { 80 }, y.shape);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 2f * i).ToArray(), Row(x[0]));
        Assert.Equal(20f, y[0].ToSingle());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 79f + 2f * i).ToArray(), Row(x[79]));
        Assert.Equal(99f, y[79].ToSingle());
    }

    [Fact]
    public void StrideStartEndAndBatchingCutAsKeras()
    {
        // Features on axis 1 travel with each step; windows start every 3 steps between startIndex 4 and endIndex 20.
        var data = torch.stack(new[] { Steps(30), Steps(30) * 10 }, 1);
        var loader = Utils.TimeseriesDatasetFromArray(data, null, sequenceLength: 4, sequenceStride: 3, batchSize: 2,
            startIndex: 4, endIndex: 20);
        // num_seqs = 20 - 4 - 3 = 13 start positions, every 3rd: 0, 3, 6, 9, 12 -> 5 windows
        var batches = All(loader);
        Assert.Equal(new long[] { 2, 2, 1 }, batches.Select(b => b.Size));
        Assert.Empty(batches[0].Y);
        var x = torch.cat(batches.Select(b => b.X[0]).ToArray(), 0);
        Assert.Equal(new long[] { 5, 4, 2 }, x.shape);
        var firsts = Enumerable.Range(0, 5).Select(i => x[i, 0, 0].ToSingle()).ToArray();
        Assert.Equal(new[] { 4f, 7f, 10f, 13f, 16f }, firsts);
        Assert.Equal(new[] { 16f, 17f, 18f, 19f }, Row(x[4, .., 0].contiguous()));
        Assert.Equal(new[] { 160f, 170f, 180f, 190f }, Row(x[4, .., 1].contiguous()));
    }

    [Fact]
    public void TargetsShorterThanTheDataLimitTheWindows()
    {
        var loader = Utils.TimeseriesDatasetFromArray(Steps(50), torch.arange(7, dtype: ScalarType.Int64), sequenceLength: 5);
        var batch = All(loader).Single();
        Assert.Equal(7, batch.Size);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5, 6 }, batch.Y[0].data<long>().ToArray());
    }

    [Fact]
    public void ShuffleIsASeededPermutationThatKeepsEachWindowWithItsTarget()
    {
        var data = Steps(40);
        var loader = Utils.TimeseriesDatasetFromArray(data, data + 1000, sequenceLength: 3, batchSize: 8, shuffle: true, seed: 7);
        var again = Utils.TimeseriesDatasetFromArray(data, data + 1000, sequenceLength: 3, batchSize: 8, shuffle: true, seed: 7);
        var x = torch.cat(All(loader).Select(b => b.X[0]).ToArray(), 0);
        var y = torch.cat(All(loader).Select(b => b.Y[0]).ToArray(), 0);
        Assert.Equal(Row(x.flatten()), Row(torch.cat(All(again).Select(b => b.X[0]).ToArray(), 0).flatten()));
        var starts = Row(x[.., 0].contiguous());
        Assert.NotEqual(Enumerable.Range(0, 38).Select(i => (float)i), starts);
        Assert.Equal(Enumerable.Range(0, 38).Select(i => (float)i), starts.OrderBy(v => v));
        Assert.Equal(starts.Select(s => s + 1000f), Row(y));
        Assert.Equal(starts.Select(s => s + 2f), Row(x[.., 2].contiguous()));
        var nextEpoch = Row(torch.cat(All(loader, epoch: 1).Select(b => b.X[0]).ToArray(), 0)[.., 0].contiguous());
        Assert.NotEqual(starts, nextEpoch);
    }

    [Fact]
    public void GetMatchesGetBatch()
    {
        var windows = new TimeseriesDataset(torch.arange(60, dtype: ScalarType.Float32).reshape(20, 3), torch.arange(20), 4, sequenceStride: 2, samplingRate: 3);
        var batch = windows.GetBatch(new[] { 3, 0 }, new[] { new Random(0), new Random(0) });
        var sample = windows.Get(3, new Random(0));
        Assert.Equal(Row(sample.X[0].flatten()), Row(batch.X[0][0].flatten()));
        Assert.Equal(6L, sample.Y[0].ToInt64());
        Assert.Equal(new long[] { 6, 0 }, batch.Y[0].data<long>().ToArray());
        Assert.Equal(6L, windows.WindowStart(3));
    }

    [Fact]
    public void BadArgumentsAreTypedAndNamed()
    {
        var data = Steps(10);
        Assert.Contains("sequenceLength", Assert.Throws<ArgumentOutOfRangeException>(() => Utils.TimeseriesDatasetFromArray(data, null, 0)).Message);
        Assert.Equal("samplingRate", Assert.Throws<ArgumentOutOfRangeException>(() => Utils.TimeseriesDatasetFromArray(data, null, 2, samplingRate: 10)).ParamName);
        Assert.Equal("sequenceStride", Assert.Throws<ArgumentOutOfRangeException>(() => Utils.TimeseriesDatasetFromArray(data, null, 2, sequenceStride: 0)).ParamName);
        Assert.Equal("startIndex", Assert.Throws<ArgumentOutOfRangeException>(() => Utils.TimeseriesDatasetFromArray(data, null, 2, startIndex: 10)).ParamName);
        Assert.Equal("endIndex", Assert.Throws<ArgumentOutOfRangeException>(() => Utils.TimeseriesDatasetFromArray(data, null, 2, startIndex: 5, endIndex: 5)).ParamName);
        Assert.Equal("endIndex", Assert.Throws<ArgumentOutOfRangeException>(() => Utils.TimeseriesDatasetFromArray(data, null, 2, endIndex: 11)).ParamName);
        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => Utils.TimeseriesDatasetFromArray(data, null, 2, batchSize: 0)).ParamName);
        var noRoom = Assert.Throws<ArgumentException>(() => Utils.TimeseriesDatasetFromArray(data, null, 6, samplingRate: 2));
        Assert.Contains("no complete window fits", noRoom.Message);
        Assert.Throws<ArgumentException>(() => Utils.TimeseriesDatasetFromArray(torch.tensor(1f), null, 1));
    }

    [Fact]
    public void FitsAnLstm()
    {
        torch.manual_seed(1);
        var data = torch.randn(64, 3);
        var loader = Utils.TimeseriesDatasetFromArray(data, data[4.., 0], sequenceLength: 4, batchSize: 16);
        var model = new KerasNet.Models.Sequential(new KerasNet.Layer[] { Keras.Input(4, 3), new KerasNet.Layers.LSTM(4), new KerasNet.Layers.Dense(1) });
        model.Compile(new KerasNet.Optimizers.Adam(0.01), "mse");
        var history = model.Fit(loader, epochs: 2, verbose: KerasNet.Models.Verbosity.Silent);
        Assert.Equal(2, history["loss"].Count);
        Assert.True(history["loss"][1] < history["loss"][0], $"loss {history["loss"][0]} -> {history["loss"][1]}");
    }
}
