using KerasNet.Metrics;
using KerasNet.Serialization;
using KerasNet.Tests.LayersTests;

namespace KerasNet.Tests.MetricsTests;

/// <summary>
/// The metrics added from Keras 3's catalogue: Keras's documented examples (to Keras's printed digits, or exactly
/// where the example is exact), float64 references computed here, accumulation over batches, ResetState, names,
/// configs and bad input.
/// </summary>
public class CatalogueMetricTests
{
    private static Tensor F(params float[] v) => TestData.Floats(v);

    private static double Run(Metric m, Tensor y, Tensor p, Tensor? w = null)
    {
        m.ResetState();
        m.UpdateState(y, p, w);
        return m.Result();
    }

    [Fact]
    public void ConfusionCountsMatchKerasExamples()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Equal(2.0, Run(new TruePositives(), F(0, 1, 1, 1), F(1, 0, 1, 1)));
        Assert.Equal(1.0, Run(new TruePositives(), F(0, 1, 1, 1), F(1, 0, 1, 1), F(0, 0, 1, 0)));
        Assert.Equal(2.0, Run(new FalsePositives(), F(0, 1, 0, 0), F(0, 0, 1, 1)));
        Assert.Equal(1.0, Run(new FalsePositives(), F(0, 1, 0, 0), F(0, 0, 1, 1), F(0, 0, 1, 0)));
        Assert.Equal(2.0, Run(new TrueNegatives(), F(0, 1, 0, 0), F(1, 1, 0, 0)));
        Assert.Equal(1.0, Run(new TrueNegatives(), F(0, 1, 0, 0), F(1, 1, 0, 0), F(0, 0, 1, 0)));
        Assert.Equal(2.0, Run(new FalseNegatives(), F(0, 1, 1, 1), F(0, 1, 0, 0)));
        Assert.Equal(1.0, Run(new FalseNegatives(), F(0, 1, 1, 1), F(0, 1, 0, 0), F(0, 0, 1, 0)));
        // Strictly above the threshold is positive.
        Assert.Equal(1.0, Run(new TruePositives(thresholds: 0.5), F(1, 1, 1), F(0.5f, 0.51f, 0.2f)));
    }

    [Fact]
    public void CurvePointMetricsMatchKerasExamples()
    {
        using var scope = torch.NewDisposeScope();
        var y = F(0, 0, 0, 1, 1);
        var p = F(0, 0.3f, 0.8f, 0.3f, 0.8f);
        Assert.Equal(0.5, Run(new PrecisionAtRecall(0.5), y, p), 12);
        Assert.Equal(1.0 / 3, Run(new PrecisionAtRecall(0.5), y, p, F(2, 2, 2, 1, 1)), 12);
        Assert.Equal(0.5, Run(new SensitivityAtSpecificity(0.5), y, p), 12);
        Assert.Equal(1.0 / 3, Run(new SensitivityAtSpecificity(0.5), y, p, F(1, 1, 2, 2, 1)), 12);
        Assert.Equal(2.0 / 3, Run(new SpecificityAtSensitivity(0.5), y, p), 12);
        Assert.Equal(0.5, Run(new SpecificityAtSensitivity(0.5), y, p, F(1, 1, 2, 2, 2)), 12);
        Assert.Equal(0.5, Run(new RecallAtPrecision(0.8), F(0, 0, 1, 1), F(0, 0.5f, 0.3f, 0.9f)), 12);
        Assert.Equal(1.0, Run(new RecallAtPrecision(0.8), F(0, 0, 1, 1), F(0, 0.5f, 0.3f, 0.9f), F(1, 0, 0, 1)), 12);
        // A precision that no threshold reaches gives 0; class_id picks a column.
        Assert.Equal(0.0, Run(new RecallAtPrecision(1.0), F(0, 1), F(0.9f, 0.1f)));
        var two = TestData.Floats(new[] { 0f, 1f, 1f, 0f, 0f, 1f }, 3, 2);
        var scores = TestData.Floats(new[] { 0.9f, 0.8f, 0.1f, 0.2f, 0.5f, 0.7f }, 3, 2);
        Assert.Equal(1.0, Run(new RecallAtPrecision(1.0, classId: 1), two, scores), 12);
    }

    [Fact]
    public void IoUsMatchKerasExamples()
    {
        using var scope = torch.NewDisposeScope();
        var ids = TestData.Longs(0, 0, 1, 1);
        var pred = TestData.Longs(0, 1, 0, 1);
        Assert.Equal(1.0 / 3, Run(new MeanIoU(2), ids, pred), 6);
        // cm = [[0.3, 0.3], [0.3, 0.1]]: IoU 0.3/0.9 and 0.1/0.7 averaged.
        Assert.Equal((0.3 / 0.9 + 0.1 / 0.7) / 2, Run(new MeanIoU(2), ids, pred, F(0.3f, 0.3f, 0.3f, 0.1f)), 6);
        Assert.Equal(1.0 / 3, Run(new IoU(2, new[] { 0 }), ids, pred), 6);
        Assert.Equal(0.33333334, Run(new BinaryIoU(threshold: 0.3), F(0, 1, 0, 1), F(0.1f, 0.2f, 0.4f, 0.7f)), 6);
        Assert.Equal(0.17361112, Run(new BinaryIoU(threshold: 0.3), F(0, 1, 0, 1), F(0.1f, 0.2f, 0.4f, 0.7f), F(0.2f, 0.3f, 0.4f, 0.1f)), 6);
        // Keras's docs: one-hot classes (2, 0, 1, 0), scores arg-max (2, 2, 0, 2), weights (0.1, 0.2, 0.3, 0.4).
        var onehot = TestData.Floats(new[] { 0f, 0f, 1f, 1f, 0f, 0f, 0f, 1f, 0f, 1f, 0f, 0f }, 4, 3);
        var probs = TestData.Floats(new[] { 0.2f, 0.3f, 0.5f, 0.1f, 0.2f, 0.7f, 0.5f, 0.3f, 0.1f, 0.1f, 0.4f, 0.5f }, 4, 3);
        var weights = F(0.1f, 0.2f, 0.3f, 0.4f);
        Assert.Equal(0.1 / 0.7 / 2, Run(new OneHotIoU(3, new[] { 0, 2 }), onehot, probs, weights), 6);
        Assert.Equal(0.1 / 0.7 / 3, Run(new OneHotMeanIoU(3), onehot, probs, weights), 6);
        // Ignored and out-of-range ids are not counted; a class absent from both is left out of the mean.
        var m = new MeanIoU(3, ignoreClass: 2);
        m.UpdateState(TestData.Longs(0, 2, 5, 1), TestData.Longs(0, 1, 1, 1));
        Assert.Equal(new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 0 } }, m.ConfusionMatrix());
        Assert.Equal(1.0, m.Result(), 6);
    }

    [Fact]
    public void FBetaScoreMatchesTheCountFormula()
    {
        using var scope = torch.NewDisposeScope();
        var y = TestData.Floats(new[] { 1f, 1f, 1f, 1f, 0f, 0f, 0f, 0f, 1f }, 3, 3);
        var p = TestData.Floats(new[] { 0.2f, 0.6f, 0.7f, 0.2f, 0.6f, 0.6f, 0.6f, 0.8f, 1.0f }, 3, 3);
        var m = new FBetaScore(beta: 2.0, threshold: 0.5);
        m.UpdateState(y, p);
        // Per class (tp, fp, fn): (0, 1, 2), (1, 2, 0), (2, 1, 0); F2 = 5tp / (5tp + 4fn + fp).
        var perClass = m.ResultPerClass();
        Assert.Equal(new[] { 0.0, Math.Round(5.0 / 7, 12), Math.Round(10.0 / 11, 12) }, perClass.Select(v => Math.Round(v, 12)));
        Assert.Equal((5.0 / 7 + 10.0 / 11) / 3, m.Result(), 12);
        Assert.Equal(15.0 / (15 + 8 + 4), Run(new FBetaScore("micro", 2.0, 0.5), y, p), 12);
        // β = 1 is F1.
        Assert.Equal(Run(new F1Score(threshold: 0.5), y, p), Run(new FBetaScore(threshold: 0.5), y, p));
    }

    [Fact]
    public void R2AndCorrelationsMatchFloat64References()
    {
        using var scope = torch.NewDisposeScope();
        // Keras's example: y_true [[1], [4], [3]], y_pred [[2], [4], [4]] → 0.57142854 (= 1 − 2 / 4.6667).
        Assert.Equal(1 - 2 / (26 - 64.0 / 3), Run(new R2Score(), TestData.Floats(new[] { 1f, 4f, 3f }, 3, 1), TestData.Floats(new[] { 2f, 4f, 4f }, 3, 1)), 6);
        var yt = TestData.Randn(1, 6, 2);
        var yp = yt * 0.7 + TestData.Randn(2, 6, 2) * 0.5;
        var t = TestData.Values(yt);
        var q = TestData.Values(yp);
        double R2(int c, int from, int to)
        {
            var ys = Enumerable.Range(from, to - from).Select(i => t[2 * i + c]).ToArray();
            var ps = Enumerable.Range(from, to - from).Select(i => q[2 * i + c]).ToArray();
            var mean = ys.Average();
            return 1 - ys.Zip(ps, (a, b) => (a - b) * (a - b)).Sum() / ys.Sum(a => (a - mean) * (a - mean));
        }
        var r2 = new R2Score();
        r2.UpdateState(yt.narrow(0, 0, 2), yp.narrow(0, 0, 2));
        r2.UpdateState(yt.narrow(0, 2, 4), yp.narrow(0, 2, 4));
        Assert.Equal((R2(0, 0, 6) + R2(1, 0, 6)) / 2, r2.Result(), 5);
        var adjusted = new R2Score(numRegressors: 2);
        adjusted.UpdateState(yt, yp);
        Assert.Equal(1 - (1 - r2.Result()) * 5 / 3, adjusted.Result(), 5);
        r2.ResetState();
        Assert.Equal(0.0, r2.Result());

        static (double Pearson, double Concordance) Reference(double[] a, double[] b)
        {
            double ma = a.Average(), mb = b.Average();
            double va = a.Average(x => (x - ma) * (x - ma)), vb = b.Average(x => (x - mb) * (x - mb));
            var cov = a.Zip(b, (x, y) => (x - ma) * (y - mb)).Average();
            return (cov / Math.Sqrt(va * vb), 2 * cov / (va + vb + (ma - mb) * (ma - mb) + 1e-7));
        }
        var rows = Enumerable.Range(0, 6).Select(i => Reference(t[(2 * i)..(2 * i + 2)], q[(2 * i)..(2 * i + 2)])).ToArray();
        var wide = TestData.Randn(3, 4, 5);
        var wideP = wide + TestData.Randn(4, 4, 5) * 0.3;
        var (wt, wq) = (TestData.Values(wide), TestData.Values(wideP));
        var refs = Enumerable.Range(0, 4).Select(i => Reference(wt[(5 * i)..(5 * i + 5)], wq[(5 * i)..(5 * i + 5)])).ToArray();
        Assert.Equal(refs.Average(r => r.Pearson), Run(new PearsonCorrelation(), wide, wideP), 5);
        Assert.Equal(refs.Average(r => r.Concordance), Run(new ConcordanceCorrelation(), wide, wideP), 5);
        Assert.Equal(6, rows.Length);
    }

    [Fact]
    public void LossValuedMetricsAreWeightedMeansOfTheLossesPerSampleValuesOverBatches()
    {
        using var scope = torch.NewDisposeScope();
        var probs = TestData.Rand(5, 8, 3) * 0.9 + 0.05;
        var onehot = torch.nn.functional.one_hot(torch.tensor(new long[] { 0, 2, 1, 1, 0, 2, 2, 1 }), 3).to(ScalarType.Float32);
        var weights = TestData.Floats(new[] { 1f, 2f, 0.5f, 0f, 1f, 3f, 1f, 1f });
        var cases = new (Metric Metric, Losses.Loss Loss, double Sign)[]
        {
            (new Metrics.BinaryCrossentropy(labelSmoothing: 0.1), new Losses.BinaryCrossentropy(labelSmoothing: 0.1, reduction: Losses.Reduction.None), 1),
            (new Metrics.CategoricalCrossentropy(fromLogits: true), new Losses.CategoricalCrossentropy(fromLogits: true, reduction: Losses.Reduction.None), 1),
            (new Metrics.KLDivergence(), new Losses.KLDivergence(Losses.Reduction.None), 1),
            (new Metrics.Poisson(), new Losses.Poisson(Losses.Reduction.None), 1),
            (new MeanAbsolutePercentageError(), new Losses.MeanAbsolutePercentageError(Losses.Reduction.None), 1),
            (new MeanSquaredLogarithmicError(), new Losses.MeanSquaredLogarithmicError(Losses.Reduction.None), 1),
            (new LogCoshError(), new Losses.LogCosh(Losses.Reduction.None), 1),
            (new Metrics.CosineSimilarity(), new Losses.CosineSimilarity(reduction: Losses.Reduction.None), -1),
            (new Metrics.Hinge(), new Losses.Hinge(Losses.Reduction.None), 1),
            (new Metrics.SquaredHinge(), new Losses.SquaredHinge(Losses.Reduction.None), 1),
            (new Metrics.CategoricalHinge(), new Losses.CategoricalHinge(Losses.Reduction.None), 1),
        };
        foreach (var (metric, loss, sign) in cases)
        {
            var values = TestData.Values(loss.Call(onehot, probs));
            var w = TestData.Values(weights);
            var expected = sign * values.Zip(w, (v, x) => v * x).Sum() / w.Sum();
            metric.UpdateState(onehot.narrow(0, 0, 3), probs.narrow(0, 0, 3), weights.narrow(0, 0, 3));
            metric.UpdateState(onehot.narrow(0, 3, 5), probs.narrow(0, 3, 5), weights.narrow(0, 3, 5));
            Assert.True(Math.Abs(expected - metric.Result()) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"{metric.GetType().Name}: {metric.Result()} vs {expected}");
            metric.ResetState();
            Assert.Equal(0.0, metric.Result());
        }
        var sparse = new Metrics.SparseCategoricalCrossentropy();
        sparse.UpdateState(torch.tensor(new long[] { 0, 2, 1, 1, 0, 2, 2, 1 }), probs);
        Assert.Equal(Run(new Metrics.CategoricalCrossentropy(), onehot, probs), sparse.Result(), 6);
    }

    [Theory]
    [InlineData("mape", typeof(MeanAbsolutePercentageError))]
    [InlineData("msle", typeof(MeanSquaredLogarithmicError))]
    [InlineData("bce", typeof(Metrics.BinaryCrossentropy))]
    [InlineData("categorical_crossentropy", typeof(Metrics.CategoricalCrossentropy))]
    [InlineData("sparse_categorical_crossentropy", typeof(Metrics.SparseCategoricalCrossentropy))]
    [InlineData("kl_divergence", typeof(Metrics.KLDivergence))]
    [InlineData("poisson", typeof(Metrics.Poisson))]
    [InlineData("logcosh", typeof(LogCoshError))]
    [InlineData("cosine_similarity", typeof(Metrics.CosineSimilarity))]
    [InlineData("hinge", typeof(Metrics.Hinge))]
    [InlineData("squared_hinge", typeof(Metrics.SquaredHinge))]
    [InlineData("categorical_hinge", typeof(Metrics.CategoricalHinge))]
    [InlineData("true_positives", typeof(TruePositives))]
    [InlineData("false_negatives", typeof(FalseNegatives))]
    [InlineData("r2_score", typeof(R2Score))]
    [InlineData("fbeta_score", typeof(FBetaScore))]
    [InlineData("pearson_correlation", typeof(PearsonCorrelation))]
    [InlineData("concordance_correlation", typeof(ConcordanceCorrelation))]
    [InlineData("binary_io_u", typeof(BinaryIoU))]
    public void CompiledNamesResolve(string name, Type expected)
    {
        Metric metric = name;
        Assert.IsType(expected, metric);
        Assert.Equal(name, metric.Name);
    }

    public static TheoryData<Metric> Configurable() => new()
    {
        new IoU(4, new[] { 1, 3 }, ignoreClass: 0, sparseYPred: false), new MeanIoU(3, sparseYTrue: false), new BinaryIoU(new[] { 1 }, 0.3),
        new OneHotIoU(3, new[] { 2 }), new OneHotMeanIoU(5, ignoreClass: 1, sparseYPred: true),
        new TruePositives(0.3), new FalsePositives(), new TrueNegatives(0.7), new FalseNegatives(),
        new PrecisionAtRecall(0.4, 50, 1), new RecallAtPrecision(0.9), new SensitivityAtSpecificity(0.2, 10), new SpecificityAtSensitivity(0.6, classId: 0),
        new FBetaScore("micro", 0.5, 0.4), new F1Score("weighted"), new R2Score("variance_weighted_average", 3), new PearsonCorrelation(axis: 1),
        new ConcordanceCorrelation(axis: 0), new Metrics.BinaryCrossentropy(fromLogits: true, labelSmoothing: 0.2),
        new Metrics.CategoricalCrossentropy(labelSmoothing: 0.1), new Metrics.SparseCategoricalCrossentropy(fromLogits: true), new Metrics.KLDivergence(),
        new Metrics.Poisson(), new MeanAbsolutePercentageError(), new MeanSquaredLogarithmicError(), new LogCoshError(), new Metrics.CosineSimilarity(axis: 1),
        new Metrics.Hinge(), new Metrics.SquaredHinge(), new Metrics.CategoricalHinge(),
    };

    [Theory]
    [MemberData(nameof(Configurable))]
    public void ConfigsRoundTripThroughTheRegistry(Metric metric)
    {
        var json = TestData.Json(metric.GetConfig());
        var copy = KerasRegistry.FromConfig<Metric>(metric.GetType().Name, TestData.ParseJson(json));
        Assert.IsType(metric.GetType(), copy);
        Assert.Equal(json, TestData.Json(copy.GetConfig()));
    }

    [Fact]
    public void BadArgumentsAndInputsAreRejectedWithTheirValues()
    {
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentOutOfRangeException>(() => new IoU(3, new[] { 0, 3 })).Message, "target class id 3", "[0, 3)");
        Assert.Throws<ArgumentOutOfRangeException>(() => new MeanIoU(0));
        Assert.Throws<ArgumentException>(() => new IoU(3, Array.Empty<int>()));
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentOutOfRangeException>(() => new PrecisionAtRecall(1.5)).Message, "recall", "1.5");
        Assert.Throws<ArgumentOutOfRangeException>(() => new SensitivityAtSpecificity(0.5, numThresholds: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TruePositives(2));
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentOutOfRangeException>(() => new FBetaScore(beta: 0)).Message, "beta", "0");
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => new R2Score("mean")).Message, "'mean'", "uniform_average");
        Assert.Throws<ArgumentOutOfRangeException>(() => new R2Score(numRegressors: -1));
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => Metric.Get("mean_iou")).Message, "Unknown metric 'mean_iou'", "as objects");
        using var scope = torch.NewDisposeScope();
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => new R2Score().UpdateState(torch.zeros(4), torch.zeros(4))).Message, "(batch, outputs)", "[4]");
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => new MeanIoU(2).UpdateState(torch.zeros(4), torch.zeros(3))).Message, "[4]", "[3]");
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => new TruePositives().UpdateState(torch.zeros(4, 2), torch.zeros(4, 3))).Message, "[4, 2]", "[4, 3]");
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrecisionAtRecall(0.5, classId: 4).UpdateState(torch.zeros(4, 2), torch.zeros(4, 2)));
    }

    public static TheoryData<string> Mergeable() => new(MergeCases.Keys);

    private static readonly Dictionary<string, Func<Metric>> MergeCases = new()
    {
        ["MeanIoU"] = () => new MeanIoU(4, sparseYTrue: false, sparseYPred: false),
        ["TruePositives"] = () => new TruePositives(0.4),
        ["PrecisionAtRecall"] = () => new PrecisionAtRecall(0.5, 20, classId: 1),
        ["FBetaScore"] = () => new FBetaScore("weighted", 0.5),
        ["R2Score"] = () => new R2Score(),
    };

    [Theory]
    [MemberData(nameof(Mergeable))]
    public void StatesOfTwoShardsAddUpToTheStateOverAllTheData(string name)
    {
        using var scope = torch.NewDisposeScope();
        var y = torch.nn.functional.one_hot(torch.tensor(new long[] { 0, 3, 1, 1, 2, 0, 3, 2, 1, 0, 2 }), 4).to(ScalarType.Float32);
        var p = TestData.Rand(9, 11, 4);
        var w = torch.arange(11).remainder(3).to(ScalarType.Float32);
        var whole = MergeCases[name]();
        whole.UpdateState(y, p, w);
        var first = MergeCases[name]();
        first.UpdateState(y.narrow(0, 0, 6), p.narrow(0, 0, 6), w.narrow(0, 0, 6));
        var second = MergeCases[name]();
        second.UpdateState(y.narrow(0, 6, 5), p.narrow(0, 6, 5), w.narrow(0, 6, 5));
        var merged = MergeCases[name]();
        merged.ImportState(first.ExportState()!.Zip(second.ExportState()!, (a, b) => a + b).ToArray());
        Assert.True(Math.Abs(whole.Result() - merged.Result()) <= 1e-12 * Math.Max(1, Math.Abs(whole.Result())), $"{name}: {merged.Result()} vs {whole.Result()}");
        first.MergeState(second);
        Assert.True(Math.Abs(whole.Result() - first.Result()) <= 1e-12 * Math.Max(1, Math.Abs(whole.Result())), $"{name} MergeState");
    }
}
