using KerasNet.Callbacks;
using KerasNet.Data;
using KerasNet.Distributed;
using KerasNet.Losses;
using KerasNet.Metrics;
using KerasNet.Optimizers;
using KerasNet.Training;
using BinaryCrossentropy = KerasNet.Losses.BinaryCrossentropy;

namespace KerasNet.Tests.TrainingTests;

/// <summary>
/// The reduction of compiled metric states that data-parallel Fit and Evaluate use, with two ranks simulated in one
/// process: rank 1's all-reduce payload is captured and added to rank 0's by a fake distribution context. (The real
/// two-process runs are in DataParallelProcessTests.) Counting metrics add integer counts: exact; the loss is a
/// float64 sum of float64 values: 1e-12.
/// </summary>
public class MetricStateReductionTests
{
    private const int N = 13;
    private const int Split = 6;

    private sealed class FakeRanks(int rank, int worldSize, Func<double[], double[]> sum, Func<long[], long[]>? gather = null) : IDistributionContext
    {
        public int Rank => rank;
        public int WorldSize => worldSize;
        public bool IsChief => rank == 0;
        public int AllReduceCalls { get; private set; }
        public int AllGatherCalls { get; private set; }
        public double[] AllReduceSum(double[] values)
        {
            AllReduceCalls++;
            return sum(values);
        }
        public long[] AllGather(long[] values)
        {
            AllGatherCalls++;
            return gather!(values);
        }
        public IDataSource ShardTensors(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, Tensor? sampleWeight, int batchSize, bool shuffle) => throw new NotSupportedException();
        public IDataSource ShardData(IDataSource data) => throw new NotSupportedException();
        public void SynchronizeWeights(IReadOnlyList<Tensor> weights) => throw new NotSupportedException();
        public void ReduceGradients(IReadOnlyList<Tensor> gradients) => throw new NotSupportedException();
        public Tensor AllReduceSum(Tensor tensor) => throw new NotSupportedException();
        public bool AnyStop(bool stop) => throw new NotSupportedException();
        public bool RunsCallback(Callback callback) => true;
    }

    private static CompiledState NewState(params Metric[] extra) => new(new SGD(), new Loss[] { new BinaryCrossentropy() }, new[] { 1.0 },
        new[] { new Metric[] { "accuracy", new AUC(numThresholds: 20), new Precision(), new F1Score(threshold: 0.5) }.Concat(extra).ToArray() },
        new[] { Array.Empty<Metric>() }, new[] { "model" });

    /// <summary>A user's metric without an additive state: the mean prediction of the last batch.</summary>
    private sealed class LastBatchMean : Metric
    {
        private double last;
        public LastBatchMean() : base("last_batch_mean") { }
        public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) => last = yPred.to(ScalarType.Float64).mean().ToDouble();
        public override double Result() => last;
        public override void ResetState() => last = 0;
    }

    private static (Tensor Y, Tensor P) Data() => (TestData.Rand(1, N, 1).gt(0.5).to(ScalarType.Float32), TestData.Rand(2, N, 1));

    private static void Update(CompiledState state, Tensor y, Tensor p, long start, long length)
    {
        state.UpdateMetrics(new[] { y.narrow(0, start, length) }, new[] { p.narrow(0, start, length) }, null);
        // A stand-in for the batch's mean loss, weighted by the batch size as TrainStep does.
        state.LossTracker.UpdateState(0.25 + start / 100.0, length);
    }

    private static void AssertLogs(IReadOnlyDictionary<string, double> expected, IReadOnlyDictionary<string, double> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, value) in expected)
            Assert.True(key == "loss" ? Math.Abs(value - actual[key]) <= 1e-12 : value == actual[key], $"{key}: {actual[key]} vs {value} over all the data");
    }

    [Fact]
    public void TwoRanksAddTheirStatesAndGetTheLogsOfOneProcessOverAllTheDataWithoutTouchingTheirOwn()
    {
        using var scope = torch.NewDisposeScope();
        var (y, p) = Data();
        var whole = NewState();
        Update(whole, y, p, 0, Split);
        Update(whole, y, p, Split, N - Split);
        var rank0 = NewState();
        Update(rank0, y, p, 0, Split);
        var rank1 = NewState();
        Update(rank1, y, p, Split, N - Split);

        var before0 = rank0.Results();
        var before1 = rank1.Results();
        double[]? payload1 = null;
        var capture = new FakeRanks(1, 2, v => { payload1 = v; return v; });
        MetricStateReduction.Reduce(rank1, before1, 1.0, capture, agreeOnLengths: false);
        Assert.NotNull(payload1);
        // loss (2) + accuracy (2) + AUC (4 × 20) + precision (3) + F1 (3 × 1 class), the 5 logs, the weight.
        Assert.Equal(2 + 2 + 80 + 3 + 3 + 5 + 1, payload1!.Length);

        var ranks = new FakeRanks(0, 2, v => v.Zip(payload1, (a, b) => a + b).ToArray());
        var global = MetricStateReduction.Reduce(rank0, before0, 1.0, ranks, agreeOnLengths: false);
        Assert.Equal(1, ranks.AllReduceCalls);
        AssertLogs(whole.Results(), global);
        // The local accumulators are untouched: reducing again (the next batch's reduction) counts nothing twice.
        AssertLogs(before0, rank0.Results());
        AssertLogs(whole.Results(), MetricStateReduction.Reduce(rank0, before0, 1.0, ranks, agreeOnLengths: false));
        Assert.NotEqual(before0["auc"], global["auc"]);
    }

    [Fact]
    public void ValuesWithoutAnAdditiveStateAreAveragedWithTheRanksWeights()
    {
        using var scope = torch.NewDisposeScope();
        var (y, p) = Data();
        var rank0 = NewState(new LastBatchMean());
        Update(rank0, y, p, 0, Split);
        var rank1 = NewState(new LastBatchMean());
        Update(rank1, y, p, Split, N - Split);
        var whole = NewState();
        Update(whole, y, p, 0, Split);
        Update(whole, y, p, Split, N - Split);
        // A metric without an additive state and a value a custom TrainStep adds to the logs: rank 0 weighs 1, rank 1 weighs 3.
        var logs0 = new Dictionary<string, double>(rank0.Results()) { ["custom"] = 10 };
        var logs1 = new Dictionary<string, double>(rank1.Results()) { ["custom"] = 30 };
        double[]? payload1 = null;
        MetricStateReduction.Reduce(rank1, logs1, 3.0, new FakeRanks(1, 2, v => { payload1 = v; return v; }), agreeOnLengths: false);
        var global = MetricStateReduction.Reduce(rank0, logs0, 1.0, new FakeRanks(0, 2, v => v.Zip(payload1!, (a, b) => a + b).ToArray()), agreeOnLengths: false);
        Assert.Equal((10 * 1 + 30 * 3) / 4.0, global["custom"], 12);
        Assert.Equal((logs0["last_batch_mean"] + 3 * logs1["last_batch_mean"]) / 4, global["last_batch_mean"], 12);
        Assert.NotEqual(logs0["last_batch_mean"], logs1["last_batch_mean"]);
        // The metrics with an additive state are still exact (weights only matter for averaged values).
        Assert.Equal(whole.Results()["auc"], global["auc"]);
        Assert.Equal(whole.Results()["precision"], global["precision"]);
    }

    [Fact]
    public void ARankThatEvaluatedNothingAgreesOnTheF1LengthAndGetsTheOtherRanksResults()
    {
        using var scope = torch.NewDisposeScope();
        var (y, p) = Data();
        var rank0 = NewState();
        Update(rank0, y, p, 0, N);
        var rank1 = NewState(); // an empty evaluation shard: no update at all, its F1 state is empty
        Assert.Empty(rank1.AllMetrics.OfType<F1Score>().Single().ExportState()!);
        long[] Lengths(CompiledState s) => new Metric[] { s.LossTracker }.Concat(s.AllMetrics).Select(m => (long)(m.ExportState()?.Length ?? 0)).ToArray();
        var gathered = Lengths(rank0).Concat(Lengths(rank1)).ToArray();

        double[]? payload1 = null;
        var capture = new FakeRanks(1, 2, v => { payload1 = v; return v; }, _ => gathered);
        MetricStateReduction.Reduce(rank1, rank1.Results(), 0.0, capture, agreeOnLengths: true);
        Assert.Equal(1, capture.AllGatherCalls);
        var ranks0 = new FakeRanks(0, 2, v => v.Zip(payload1!, (a, b) => a + b).ToArray(), _ => gathered);
        var global0 = MetricStateReduction.Reduce(rank0, rank0.Results(), N, ranks0, agreeOnLengths: true);
        AssertLogs(rank0.Results(), global0);

        // Rank 1 gets the same values from the same sum (its own payload is zeros but for the layout).
        double[]? payload0 = null;
        MetricStateReduction.Reduce(rank0, rank0.Results(), N, new FakeRanks(0, 2, v => { payload0 = v; return v; }, _ => gathered), agreeOnLengths: true);
        var global1 = MetricStateReduction.Reduce(rank1, rank1.Results(), 0.0,
            new FakeRanks(1, 2, v => v.Zip(payload0!, (a, b) => a + b).ToArray(), _ => gathered), agreeOnLengths: true);
        AssertLogs(rank0.Results(), global1);
        Assert.Empty(rank1.AllMetrics.OfType<F1Score>().Single().ExportState()!); // still empty locally
    }

    [Fact]
    public void RanksWhoseF1SawDifferentClassCountsAllFailWithTheSameError()
    {
        using var scope = torch.NewDisposeScope();
        var state = NewState();
        var (y, p) = Data();
        Update(state, y, p, 0, N);
        var lengths = new Metric[] { state.LossTracker }.Concat(state.AllMetrics).Select(m => (long)(m.ExportState()?.Length ?? 0)).ToArray();
        var other = lengths.ToArray();
        other[^1] = 6; // two classes on the other rank
        var ranks = new FakeRanks(0, 2, v => v, _ => lengths.Concat(other).ToArray());
        var e = Assert.Throws<InvalidOperationException>(() => MetricStateReduction.Reduce(state, state.Results(), N, ranks, agreeOnLengths: true));
        Assert.Equal("Metric 'f1_score' (F1Score) has states of different lengths on different processes (3, 6 values): the processes saw predictions " +
                     "with different numbers of classes. Give every process data of the same shape.", e.Message);
        Assert.Equal(0, ranks.AllReduceCalls);
    }
}
