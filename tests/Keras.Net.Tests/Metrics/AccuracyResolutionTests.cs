using KerasNet.Layers;
using KerasNet.Metrics;
using KerasNet.Models;

namespace KerasNet.Tests.MetricsTests;

/// <summary>"accuracy" becomes binary, sparse categorical or categorical accuracy from the shapes, as Keras decides.</summary>
public class AccuracyResolutionTests
{
    [Theory]
    [InlineData(new long[] { 8, 1 }, new long[] { 8, 1 }, typeof(BinaryAccuracy))]
    [InlineData(new long[] { 8 }, new long[] { 8, 1 }, typeof(BinaryAccuracy))]
    [InlineData(new long[] { 8 }, new long[] { 8 }, typeof(BinaryAccuracy))]
    [InlineData(new long[] { 8 }, new long[] { 8, 5 }, typeof(SparseCategoricalAccuracy))]
    [InlineData(new long[] { 8, 1 }, new long[] { 8, 5 }, typeof(SparseCategoricalAccuracy))]
    [InlineData(new long[] { 8, 5 }, new long[] { 8, 5 }, typeof(CategoricalAccuracy))]
    public void FromTheShapesOfTargetsAndPredictions(long[] yTrue, long[] yPred, Type expected)
    {
        using var scope = torch.NewDisposeScope();
        var resolved = Metric.Resolve(new Accuracy(), torch.zeros(yTrue), torch.zeros(yPred));
        Assert.IsType(expected, resolved);
        Assert.Equal("accuracy", resolved.Name);
    }

    [Fact]
    public void OtherMetricsAreKept()
    {
        using var scope = torch.NewDisposeScope();
        var metric = new Precision();
        Assert.Same(metric, Metric.Resolve(metric, torch.zeros(4), torch.zeros(4)));
    }

    public static IEnumerable<object[]> Targets() => new[]
    {
        // Targets, output units, expected accuracy of the all-zero-logits model described below.
        new object[] { "sparse", 3L },
        new object[] { "one_hot", 3L },
        new object[] { "binary", 1L },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public void CompiledModelsReportTheResolvedAccuracyUnderTheNameAccuracy(string kind, long units)
    {
        using var scope = torch.NewDisposeScope();
        // A Dense layer with zero kernel and a fixed bias predicts the same for every sample: class 1 of 3
        // (or probability 0.73 > 0.5 for the binary case), so the accuracy is the fraction of targets equal to it.
        var bias = units == 1 ? TestData.Floats(new[] { 1f }) : TestData.Floats(new[] { 0f, 2f, 1f });
        var model = new Sequential(new Layer[]
        {
            Keras.Input(4),
            new Dense(units, activation: units == 1 ? "sigmoid" : "softmax", kernelInitializer: "zeros", biasInitializer: new FixedValue(bias)),
        });
        var x = TestData.Randn(1, 5, 4);
        Tensor y = kind switch
        {
            "sparse" => TestData.Longs(1, 0, 1, 2, 1),                                   // 3 of 5 are class 1
            "one_hot" => Utils.ToCategorical(TestData.Longs(1, 0, 1, 2, 1), 3),
            _ => TestData.Floats(new[] { 1f, 0f, 1f, 0f, 1f }, 5, 1),                        // 3 of 5 are 1
        };
        var loss = kind switch { "sparse" => "sparse_categorical_crossentropy", "one_hot" => "categorical_crossentropy", _ => "binary_crossentropy" };
        model.Compile("sgd", loss, new Metric[] { "accuracy" });
        var logs = model.EvaluateDict(x, y, verbose: Verbosity.Silent);
        Assert.Equal(0.6, logs["accuracy"], 6);
    }
}
