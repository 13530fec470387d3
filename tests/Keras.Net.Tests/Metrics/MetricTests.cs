using KerasNet.Metrics;
using KerasNet.Serialization;

namespace KerasNet.Tests.MetricsTests;

/// <summary>
/// Every metric of src/Keras.Net/Metrics against values worked out by hand (in the comments), over two batches,
/// with sample weights and after ResetState. Tolerance 1e-6 absolute: the results are small ratios of counts.
/// </summary>
public class MetricTests
{
    private const int Digits = 6;

    private static Tensor F(params float[] values) => TestData.Floats(values);
    private static Tensor F2(int columns, params float[] values) => TestData.Floats(values, values.Length / columns, columns);

    [Fact]
    public void AccuracyCountsExactMatches()
    {
        using var scope = torch.NewDisposeScope();
        var metric = new Accuracy();
        metric.UpdateState(TestData.Longs(1, 2, 3, 4), F(1, 2, 0, 4));
        Assert.Equal(0.75, metric.Result(), Digits);
        metric.UpdateState(TestData.Longs(5, 6), F(5, 0));   // 3 + 1 of 6
        Assert.Equal(4.0 / 6, metric.Result(), Digits);
        metric.ResetState();
        Assert.Equal(0.0, metric.Result());
    }

    [Fact]
    public void BinaryAccuracyThresholdsTwoBatchesAndWeights()
    {
        using var scope = torch.NewDisposeScope();
        var yTrue = F2(1, 1, 0, 1, 0);
        var yPred = F2(1, 0.7f, 0.6f, 0.4f, 0.1f);           // > 0.5: 1, 1, 0, 0 → right, wrong, wrong, right
        var metric = new BinaryAccuracy();
        metric.UpdateState(yTrue, yPred);
        Assert.Equal(0.5, metric.Result(), Digits);
        metric.UpdateState(F2(1, 1, 1), F2(1, 0.9f, 0.8f));   // both right: 4 of 6
        Assert.Equal(4.0 / 6, metric.Result(), Digits);

        var low = new BinaryAccuracy(threshold: 0.3);          // > 0.3: 1, 1, 1, 0 → 3 of 4
        low.UpdateState(yTrue, yPred);
        Assert.Equal(0.75, low.Result(), Digits);

        var weighted = new BinaryAccuracy();                   // right: 1, 0, 0, 1 weighted 3, 1, 1, 0 → 3 / 5
        weighted.UpdateState(yTrue, yPred, F(3, 1, 1, 0));
        Assert.Equal(0.6, weighted.Result(), Digits);

        var flat = new BinaryAccuracy();                       // (batch,) targets for (batch, 1) predictions
        flat.UpdateState(F(1, 0, 1, 0), yPred);
        Assert.Equal(0.5, flat.Result(), Digits);
    }

    [Fact]
    public void CategoricalAndSparseCategoricalAccuracy()
    {
        using var scope = torch.NewDisposeScope();
        var yPred = F2(3, 0.1f, 0.8f, 0.1f, 0.3f, 0.4f, 0.3f, 0.2f, 0.2f, 0.6f);   // arg-max 1, 1, 2
        var oneHot = F2(3, 0, 1, 0, 1, 0, 0, 0, 0, 1);                              // classes 1, 0, 2
        var categorical = new CategoricalAccuracy();
        categorical.UpdateState(oneHot, yPred);
        Assert.Equal(2.0 / 3, categorical.Result(), Digits);

        var sparse = new SparseCategoricalAccuracy();
        sparse.UpdateState(TestData.Longs(1, 0, 2), yPred);
        Assert.Equal(2.0 / 3, sparse.Result(), Digits);
        sparse.UpdateState(TestData.Longs(1, 0, 2).unsqueeze(-1), yPred, F(0, 0, 1));   // (batch, 1) labels, only the right one weighs
        Assert.Equal(3.0 / 4, sparse.Result(), Digits);
        sparse.ResetState();
        sparse.UpdateState(F(1, 1, 1), yPred);                                            // float labels
        Assert.Equal(2.0 / 3, sparse.Result(), Digits);
    }

    [Fact]
    public void TopKAccuracies()
    {
        using var scope = torch.NewDisposeScope();
        var yPred = F2(3, 0.1f, 0.7f, 0.2f, 0.5f, 0.3f, 0.2f, 0.2f, 0.3f, 0.5f);  // top-2: {1,2}, {0,1}, {2,1}
        var labels = TestData.Longs(2, 1, 0);                                        // in, in, out
        var sparse = new SparseTopKCategoricalAccuracy(k: 2);
        sparse.UpdateState(labels, yPred);
        Assert.Equal(2.0 / 3, sparse.Result(), Digits);
        var top1 = new SparseTopKCategoricalAccuracy(k: 1);
        top1.UpdateState(labels, yPred);
        Assert.Equal(0.0, top1.Result(), Digits);
        var oneHot = new TopKCategoricalAccuracy(k: 2);
        oneHot.UpdateState(F2(3, 0, 0, 1, 0, 1, 0, 1, 0, 0), yPred);
        Assert.Equal(2.0 / 3, oneHot.Result(), Digits);
        var allClasses = new TopKCategoricalAccuracy();                               // k = 5 > 3 classes: always in
        allClasses.UpdateState(F2(3, 0, 0, 1, 0, 1, 0, 1, 0, 0), yPred);
        Assert.Equal(1.0, allClasses.Result(), Digits);
    }

    [Fact]
    public void RegressionMetrics()
    {
        using var scope = torch.NewDisposeScope();
        var yTrue = F2(2, 1, 2, 3, 4);
        var yPred = F2(2, 1, 1, 1, 1);   // squared errors (0, 1), (4, 9): per-sample 0.5, 6.5; absolute (0, 1), (2, 3): 0.5, 2.5
        var mse = new MeanSquaredError();
        mse.UpdateState(yTrue, yPred);
        Assert.Equal(3.5, mse.Result(), Digits);
        mse.UpdateState(F2(2, 0, 0), F2(2, 2, 2));                  // per-sample 4: (0.5 + 6.5 + 4) / 3
        Assert.Equal(11.0 / 3, mse.Result(), Digits);
        var weighted = new MeanSquaredError();
        weighted.UpdateState(yTrue, yPred, F(1, 3));                // (0.5 + 3 · 6.5) / 4
        Assert.Equal(5.0, weighted.Result(), Digits);

        var mae = new MeanAbsoluteError();
        mae.UpdateState(yTrue, yPred);
        Assert.Equal(1.5, mae.Result(), Digits);

        var rmse = new RootMeanSquaredError();
        rmse.UpdateState(yTrue, yPred);                             // squared errors 0, 1, 4, 9
        Assert.Equal(Math.Sqrt(3.5), rmse.Result(), Digits);
        rmse.UpdateState(F2(2, 0, 0), F2(2, 2, 2));                 // + 4, 4: sqrt(22 / 6)
        Assert.Equal(Math.Sqrt(22.0 / 6), rmse.Result(), Digits);
        rmse.ResetState();
        Assert.Equal(0.0, rmse.Result());
    }

    [Fact]
    public void RegressionMetricsAlignTargetsWithoutTheTrailingUnitAxis()
    {
        using var scope = torch.NewDisposeScope();
        var yTrue = F(1, 2, 3);
        var yPred = F2(1, 1, 1, 1);       // errors 0, 1, 2
        foreach (var (metric, expected) in new (Metric, double)[] { (new MeanSquaredError(), 5.0 / 3), (new MeanAbsoluteError(), 1.0), (new RootMeanSquaredError(), Math.Sqrt(5.0 / 3)) })
        {
            metric.UpdateState(yTrue, yPred);
            Assert.Equal(expected, metric.Result(), Digits);
        }
    }

    [Fact]
    public void PrecisionAndRecall()
    {
        using var scope = torch.NewDisposeScope();
        var yTrue = F(1, 0, 1, 1, 0);
        var yPred = F(0.9f, 0.8f, 0.4f, 0.6f, 0.2f);   // > 0.5: 1, 1, 0, 1, 0 → tp 2, fp 1, fn 1
        var precision = new Precision();
        var recall = new Recall();
        precision.UpdateState(yTrue, yPred);
        recall.UpdateState(yTrue, yPred);
        Assert.Equal(2.0 / 3, precision.Result(), Digits);
        Assert.Equal(2.0 / 3, recall.Result(), Digits);
        precision.UpdateState(F(0, 1), F(0.7f, 0.9f));  // + tp 1, fp 1 → 3 / 5
        Assert.Equal(0.6, precision.Result(), Digits);

        var low = new Precision(thresholds: 0.3);       // > 0.3: 1, 1, 1, 1, 0 → tp 3, fp 1
        low.UpdateState(yTrue, yPred);
        Assert.Equal(0.75, low.Result(), Digits);
        var lowRecall = new Recall(thresholds: 0.3);
        lowRecall.UpdateState(yTrue, yPred);
        Assert.Equal(1.0, lowRecall.Result(), Digits);

        var weighted = new Precision();                 // tp weights 2 (sample 0) + 1 (sample 3), fp weight 3 (sample 1)
        weighted.UpdateState(yTrue, yPred, F(2, 3, 1, 1, 1));
        Assert.Equal(0.5, weighted.Result(), Digits);

        var column = new Recall(classId: 1);            // column 1 only: truth 1, 1, 0; predicted 1, 0, 1 → tp 1, fn 1
        column.UpdateState(F2(2, 0, 1, 1, 1, 0, 0), F2(2, 0.1f, 0.9f, 0.8f, 0.2f, 0.3f, 0.7f));
        Assert.Equal(0.5, column.Result(), Digits);
        column.ResetState();
        Assert.Equal(0.0, column.Result());
    }

    [Fact]
    public void F1ScoreAverages()
    {
        using var scope = torch.NewDisposeScope();
        // Classes 0, 1, 2, 2, 1 predicted (arg-max) 0, 2, 2, 1, 1.
        // Per class: 0: tp 1 → F1 1; 1: tp 1, fp 1, fn 1 → 0.5; 2: tp 1, fp 1, fn 1 → 0.5.
        var yTrue = F2(3, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0);
        var yPred = F2(3, 0.8f, 0.1f, 0.1f, 0.1f, 0.2f, 0.7f, 0.1f, 0.2f, 0.7f, 0.2f, 0.5f, 0.3f, 0.1f, 0.8f, 0.1f);
        var macro = new F1Score();
        macro.UpdateState(yTrue, yPred);
        Assert.Equal(2.0 / 3, macro.Result(), Digits);
        Assert.Equal(new[] { 1.0, 0.5, 0.5 }, macro.ResultPerClass().Select(v => Math.Round(v, Digits)));
        var micro = new F1Score("micro");                // tp 3, fp 2, fn 2 → 6 / 10
        micro.UpdateState(yTrue, yPred);
        Assert.Equal(0.6, micro.Result(), Digits);
        var weighted = new F1Score("weighted");          // supports 1, 2, 2 → (1 + 1 + 1) / 5
        weighted.UpdateState(yTrue, yPred);
        Assert.Equal(0.6, weighted.Result(), Digits);
        var thresholded = new F1Score(threshold: 0.45);  // positives: (0), (2), (2), (1), (1) — the same as arg-max here
        thresholded.UpdateState(yTrue, yPred);
        Assert.Equal(2.0 / 3, thresholded.Result(), Digits);
        macro.ResetState();
        Assert.Equal(0.0, macro.Result());
        Assert.Contains("(batch, classes)", Assert.Throws<ArgumentException>(() => macro.UpdateState(F(1, 0), F(0.3f, 0.1f))).Message);
    }

    [Fact]
    public void AucOfRocAndPrCurves()
    {
        using var scope = torch.NewDisposeScope();
        var yTrue = F(0, 0, 1, 1);
        var yPred = F(0.1f, 0.4f, 0.35f, 0.8f);
        var roc = new AUC();
        roc.UpdateState(yTrue, yPred);
        Assert.Equal(0.75, roc.Result(), Digits);       // 3 of the 4 (positive, negative) pairs are ordered right

        // Trapezoids over the (recall, precision) points (1, 1/2), (1, 2/3), (1/2, 1/2), (1/2, 1), (0, 1):
        // 1/2 · (2/3 + 1/2) / 2 + 1/2 · 1 = 0.7916...
        var pr = new AUC(curve: "PR");
        pr.UpdateState(yTrue, yPred);
        Assert.Equal(0.5 * (2.0 / 3 + 0.5) / 2 + 0.5, pr.Result(), Digits);

        var weighted = new AUC();                         // the 0.8 positive weighs 0: the 0.35 positive beats one negative of two
        weighted.UpdateState(yTrue, yPred, F(1, 1, 1, 0));
        Assert.Equal(0.5, weighted.Result(), Digits);

        var twoBatches = new AUC();
        twoBatches.UpdateState(F(0, 0), F(0.1f, 0.4f));
        twoBatches.UpdateState(F(1, 1), F(0.35f, 0.8f));
        Assert.Equal(0.75, twoBatches.Result(), Digits);
        twoBatches.ResetState();
        Assert.Equal(0.0, twoBatches.Result());
    }

    [Fact]
    public void MeanAndSum()
    {
        using var scope = torch.NewDisposeScope();
        var mean = new Mean();
        mean.UpdateState(F(1, 2, 3));
        mean.UpdateState(F(4));
        Assert.Equal(2.5, mean.Result(), Digits);
        mean.UpdateState(F(10), F(2));                    // (10 + 20) / (4 + 2)
        Assert.Equal(5.0, mean.Result(), Digits);
        mean.UpdateState(7.0, 4.0);                       // (30 + 28) / 10
        Assert.Equal(5.8, mean.Result(), Digits);
        mean.ResetState();
        Assert.Equal(0.0, mean.Result());

        var sum = new Sum();
        sum.UpdateState(F(0), F(1, 2, 3));
        sum.UpdateState(F(0), F(4), F(0.5f));
        Assert.Equal(8.0, sum.Result(), Digits);
        sum.ResetState();
        Assert.Equal(0.0, sum.Result());
    }

    [Theory]
    [InlineData("accuracy", typeof(Accuracy))]
    [InlineData("acc", typeof(Accuracy))]
    [InlineData("binary_accuracy", typeof(BinaryAccuracy))]
    [InlineData("categorical_accuracy", typeof(CategoricalAccuracy))]
    [InlineData("sparse_categorical_accuracy", typeof(SparseCategoricalAccuracy))]
    [InlineData("top_k_categorical_accuracy", typeof(TopKCategoricalAccuracy))]
    [InlineData("sparse_top_k_categorical_accuracy", typeof(SparseTopKCategoricalAccuracy))]
    [InlineData("mse", typeof(MeanSquaredError))]
    [InlineData("mae", typeof(MeanAbsoluteError))]
    [InlineData("rmse", typeof(RootMeanSquaredError))]
    [InlineData("precision", typeof(Precision))]
    [InlineData("recall", typeof(Recall))]
    [InlineData("auc", typeof(AUC))]
    public void KerasNamesResolve(string name, Type expected)
    {
        Metric metric = name;
        Assert.IsType(expected, metric);
    }

    [Fact]
    public void ConfigsRoundTrip()
    {
        Metric[] metrics =
        {
            new Accuracy(), new BinaryAccuracy(0.3), new CategoricalAccuracy(), new SparseCategoricalAccuracy(name: "acc"),
            new TopKCategoricalAccuracy(3), new SparseTopKCategoricalAccuracy(2), new MeanSquaredError(), new MeanAbsoluteError(),
            new RootMeanSquaredError(), new Precision(0.7, classId: 1), new Recall(), new F1Score("micro", 0.4), new AUC(50, "PR"),
            new Mean("m"), new Sum(),
        };
        foreach (var metric in metrics)
        {
            var json = TestData.Json(metric.GetConfig());
            var copy = KerasRegistry.FromConfig<Metric>(metric.GetType().Name, TestData.ParseJson(json));
            Assert.IsType(metric.GetType(), copy);
            Assert.Equal(json, TestData.Json(copy.GetConfig()));
        }
    }
}
