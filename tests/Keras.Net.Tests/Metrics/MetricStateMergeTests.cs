using KerasNet.Metrics;

namespace KerasNet.Tests.MetricsTests;

/// <summary>
/// Every metric of src/Keras.Net/Metrics split across two "processes": one instance accumulates the first 7 of 13
/// samples (in two batches), another the last 6, and the sum of their exported states imported into a third must give
/// the result of one instance over all 13. Counting metrics (accuracies, precision/recall, F1, AUC) add integer or
/// float64 counts, so the results are bitwise equal; value metrics (MSE, MAE, RMSE, Mean, Sum) add float32 batch
/// sums computed over different groupings, which differ by float32 rounding: 1e-6 relative over values of order 1.
/// </summary>
public class MetricStateMergeTests
{
    private const int N = 13;
    private const int Split = 7;

    public static TheoryData<string> Cases() => new(MetricCases.Keys);

    private static readonly Dictionary<string, (Func<Metric> Create, Func<(Tensor Y, Tensor P)> Data, bool Exact)> MetricCases = new()
    {
        ["Accuracy"] = (() => new Accuracy(), () => (torch.arange(N).remainder(3), (torch.arange(N) * 2).remainder(3).to(ScalarType.Float32)), true),
        ["BinaryAccuracy"] = (() => new BinaryAccuracy(threshold: 0.4), () => (Binary(1), TestData.Rand(2, N, 1)), true),
        ["CategoricalAccuracy"] = (() => new CategoricalAccuracy(), () => (OneHot(3), TestData.Rand(4, N, 4)), true),
        ["SparseCategoricalAccuracy"] = (() => new SparseCategoricalAccuracy(), () => (Labels(5), TestData.Rand(6, N, 4)), true),
        ["TopKCategoricalAccuracy"] = (() => new TopKCategoricalAccuracy(k: 2), () => (OneHot(7), TestData.Rand(8, N, 4)), true),
        ["SparseTopKCategoricalAccuracy"] = (() => new SparseTopKCategoricalAccuracy(k: 2), () => (Labels(9), TestData.Rand(10, N, 4)), true),
        ["MeanSquaredError"] = (() => new MeanSquaredError(), () => (TestData.Randn(11, N, 2), TestData.Randn(12, N, 2)), false),
        ["MeanAbsoluteError"] = (() => new MeanAbsoluteError(), () => (TestData.Randn(13, N, 2), TestData.Randn(14, N, 2)), false),
        ["RootMeanSquaredError"] = (() => new RootMeanSquaredError(), () => (TestData.Randn(15, N, 2), TestData.Randn(16, N, 2)), false),
        ["Mean"] = (() => new Mean(), () => (torch.zeros(N), TestData.Randn(17, N, 3)), false),
        ["Sum"] = (() => new Sum(), () => (torch.zeros(N), TestData.Randn(18, N, 3)), false),
        ["Precision"] = (() => new Precision(), () => (Binary(19), TestData.Rand(20, N, 1)), true),
        ["Recall"] = (() => new Recall(thresholds: 0.3), () => (Binary(21), TestData.Rand(22, N, 1)), true),
        ["PrecisionOfClass"] = (() => new Precision(classId: 2), () => (OneHot(23), TestData.Rand(24, N, 4)), true),
        ["F1ScoreMacro"] = (() => new F1Score(), () => (OneHot(25), TestData.Rand(26, N, 4)), true),
        ["F1ScoreMicroThreshold"] = (() => new F1Score(average: "micro", threshold: 0.5), () => (OneHot(27), TestData.Rand(28, N, 4)), true),
        ["F1ScoreWeighted"] = (() => new F1Score(average: "weighted"), () => (OneHot(29), TestData.Rand(30, N, 4)), true),
        ["AUC"] = (() => new AUC(), () => (Binary(31), TestData.Rand(32, N, 1)), true),
        ["AUCPrecisionRecall"] = (() => new AUC(numThresholds: 50, curve: "PR"), () => (Binary(33), TestData.Rand(34, N, 1)), true),
    };

    private static Tensor Binary(int seed) => TestData.Rand(seed, N, 1).gt(0.5).to(ScalarType.Float32);
    private static Tensor Labels(int seed) => (TestData.Rand(seed, N) * 4).floor().to(ScalarType.Int64).clamp(0, 3);
    private static Tensor OneHot(int seed) => torch.nn.functional.one_hot(Labels(seed), 4).to(ScalarType.Float32);

    [Theory]
    [MemberData(nameof(Cases))]
    public void TwoShardsMergedGiveTheResultOverAllTheData(string name)
    {
        using var scope = torch.NewDisposeScope();
        var (create, data, exact) = MetricCases[name];
        var (y, p) = data();
        foreach (var weighted in new[] { false, true })
        {
            // Integer weights keep the counting metrics' sums exact.
            var w = weighted ? torch.arange(N).remainder(3).to(ScalarType.Float32) : null;
            var whole = create();
            whole.UpdateState(y, p, w);

            var first = create();
            first.UpdateState(y.narrow(0, 0, 3), p.narrow(0, 0, 3), w?.narrow(0, 0, 3));
            first.UpdateState(y.narrow(0, 3, Split - 3), p.narrow(0, 3, Split - 3), w?.narrow(0, 3, Split - 3));
            var second = create();
            second.UpdateState(y.narrow(0, Split, N - Split), p.narrow(0, Split, N - Split), w?.narrow(0, Split, N - Split));
            var firstResult = first.Result();

            var a = first.ExportState()!;
            var b = second.ExportState()!;
            Assert.Equal(a.Length, b.Length);
            var merged = create();
            merged.ImportState(a.Zip(b, (u, v) => u + v).ToArray());
            Check(whole.Result(), merged.Result(), exact, $"{name} (weighted: {weighted}) imported sum");

            // ExportState is a copy: changing it leaves the metric alone.
            Array.Fill(a, 1e9);
            Assert.Equal(firstResult, first.Result());

            first.MergeState(second);
            Check(whole.Result(), first.Result(), exact, $"{name} (weighted: {weighted}) MergeState");
        }
    }

    private static void Check(double expected, double actual, bool exact, string what)
    {
        if (exact) Assert.True(expected == actual, $"{what}: {actual} vs {expected} over all the data");
        else Assert.True(Math.Abs(expected - actual) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"{what}: {actual} vs {expected} over all the data");
    }

    [Fact]
    public void TheStateOfAnAucIsItsThresholdCountsAndDiffersFromAveragingTheShardsResults()
    {
        using var scope = torch.NewDisposeScope();
        var y = Binary(40);
        var p = TestData.Rand(41, N, 1);
        var first = new AUC(numThresholds: 10);
        first.UpdateState(y.narrow(0, 0, Split), p.narrow(0, 0, Split));
        var second = new AUC(numThresholds: 10);
        second.UpdateState(y.narrow(0, Split, N - Split), p.narrow(0, Split, N - Split));
        var whole = new AUC(numThresholds: 10);
        whole.UpdateState(y, p);
        var state = whole.ExportState()!;
        Assert.Equal(40, state.Length);
        // tp + fp + tn + fn is the number of samples at every threshold.
        for (var i = 0; i < 10; i++) Assert.Equal(N, state[i] + state[10 + i] + state[20 + i] + state[30 + i]);
        // Why states are added rather than results averaged (the old data-parallel logs): here they differ.
        Assert.NotEqual(whole.Result(), (first.Result() + second.Result()) / 2, 6);
        first.MergeState(second);
        Assert.Equal(whole.Result(), first.Result());
    }

    [Fact]
    public void AnF1ScoreThatSawNoDataHasAnEmptyStateAndMergesWithOneThatDid()
    {
        using var scope = torch.NewDisposeScope();
        var y = OneHot(50);
        var p = TestData.Rand(51, N, 4);
        var empty = new F1Score();
        Assert.Empty(empty.ExportState()!);
        Assert.True(empty.StateLengthDependsOnData);
        Assert.False(new AUC().StateLengthDependsOnData);
        var full = new F1Score();
        full.UpdateState(y, p);
        Assert.Equal(12, full.ExportState()!.Length);
        empty.MergeState(full);
        Assert.Equal(full.Result(), empty.Result());
        empty.ImportState(Array.Empty<double>());
        Assert.Equal(0.0, empty.Result());
        Assert.Empty(empty.ResultPerClass());
    }

    [Fact]
    public void ImportingAStateOfTheWrongLengthSaysWhatWasExpected()
    {
        var e = Assert.Throws<ArgumentException>(() => new AUC(numThresholds: 10, name: "my_auc").ImportState(new double[39]));
        Assert.StartsWith("Metric 'my_auc' (AUC) has a state of 40 values; received 39.", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Precision().ImportState(new double[2]));
        Assert.StartsWith("Metric 'precision' (Precision) has a state of 3 values; received 2.", e.Message);
        e = Assert.Throws<ArgumentException>(() => new F1Score().ImportState(new double[4]));
        Assert.StartsWith("Metric 'f1_score' (F1Score) has a state of 3 × classes values; received 4.", e.Message);
        var a = new F1Score(name: "a");
        var b = new F1Score(name: "b");
        using var scope = torch.NewDisposeScope();
        a.UpdateState(OneHot(1), TestData.Rand(2, N, 4));
        b.UpdateState(torch.nn.functional.one_hot(Labels(3), 5).to(ScalarType.Float32), TestData.Rand(4, N, 5));
        e = Assert.Throws<ArgumentException>(() => a.MergeState(b));
        Assert.StartsWith("Metric 'a' has a state of 12 values but 'b' has 15; only metrics of the same configuration can merge.", e.Message);
    }

    /// <summary>A user's metric that keeps the default (no additive state).</summary>
    private sealed class LastValue : Metric
    {
        private double last;
        public LastValue() : base("last") { }
        public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) => last = yPred.to(ScalarType.Float64).mean().ToDouble();
        public override double Result() => last;
        public override void ResetState() => last = 0;
    }

    [Fact]
    public void AMetricWithoutAnAdditiveStateExportsNullAndCannotMerge()
    {
        var metric = new LastValue();
        Assert.Null(metric.ExportState());
        var e = Assert.Throws<NotSupportedException>(() => metric.ImportState(new double[1]));
        Assert.Equal("Metric 'last' (LastValue) does not export its state, so it cannot import one; override ExportState and ImportState together.", e.Message);
        var m = Assert.Throws<NotSupportedException>(() => new Mean().MergeState(metric));
        Assert.Equal("Metric 'last' (LastValue) does not export a state that adds.", m.Message);
    }
}
