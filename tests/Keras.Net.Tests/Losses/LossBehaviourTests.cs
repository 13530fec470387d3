using KerasNet.Losses;
using KerasNet.Serialization;
using KerasNet.Tests.LayersTests;

namespace KerasNet.Tests.LossesTests;

/// <summary>Loss lookup by Keras name, shape alignment and shape errors, ignore_class, configs.</summary>
public class LossBehaviourTests
{
    [Theory]
    [InlineData("binary_crossentropy", typeof(BinaryCrossentropy))]
    [InlineData("bce", typeof(BinaryCrossentropy))]
    [InlineData("categorical_crossentropy", typeof(CategoricalCrossentropy))]
    [InlineData("sparse_categorical_crossentropy", typeof(SparseCategoricalCrossentropy))]
    [InlineData("mse", typeof(MeanSquaredError))]
    [InlineData("mean_squared_error", typeof(MeanSquaredError))]
    [InlineData("MAE", typeof(MeanAbsoluteError))]
    [InlineData("mape", typeof(MeanAbsolutePercentageError))]
    [InlineData("msle", typeof(MeanSquaredLogarithmicError))]
    [InlineData("huber", typeof(Huber))]
    [InlineData("log_cosh", typeof(LogCosh))]
    [InlineData("hinge", typeof(Hinge))]
    [InlineData("squared_hinge", typeof(SquaredHinge))]
    [InlineData("kld", typeof(KLDivergence))]
    [InlineData("kl_divergence", typeof(KLDivergence))]
    [InlineData("poisson", typeof(Poisson))]
    [InlineData("cosine_similarity", typeof(CosineSimilarity))]
    public void KerasNamesResolve(string name, Type expected)
    {
        Assert.IsType(expected, Loss.Get(name));
        Loss implicitLoss = name;
        Assert.IsType(expected, implicitLoss);
        Assert.Equal(Reduction.SumOverBatchSize, implicitLoss.Reduction);
    }

    [Fact]
    public void UnknownNameListsTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => Loss.Get("mean_squared_eror"));
        LayerBadInputTests.AssertMentions(error.Message, "Unknown loss 'mean_squared_eror'", "mean_squared_error (mse)", "sparse_categorical_crossentropy");
    }

    [Theory]
    [InlineData("mse")]
    [InlineData("binary_crossentropy")]
    [InlineData("categorical_crossentropy")]
    [InlineData("kl_divergence")]
    [InlineData("cosine_similarity")]
    public void MismatchedShapesNameBothShapes(string name)
    {
        using var scope = torch.NewDisposeScope();
        var error = Assert.ThrowsAny<ArgumentException>(() => Loss.Get(name).Compute(torch.ones(4, 3), torch.ones(4, 2)));
        LayerBadInputTests.AssertMentions(error.Message, "[4, 3]", "[4, 2]");
    }

    [Fact]
    public void SparseLabelsOfTheWrongShapeNameBothShapes()
    {
        using var scope = torch.NewDisposeScope();
        var error = Assert.ThrowsAny<ArgumentException>(() => new SparseCategoricalCrossentropy().Compute(torch.ones(4, 3), torch.ones(4, 3)));
        LayerBadInputTests.AssertMentions(error.Message, "[4, 3]", "(batch,)", "CategoricalCrossentropy");
        error = Assert.ThrowsAny<ArgumentException>(() => new CategoricalCrossentropy().Compute(TestData.Longs(0, 1, 2, 1), torch.ones(4, 3)));
        LayerBadInputTests.AssertMentions(error.Message, "[4]", "[4, 3]", "SparseCategoricalCrossentropy");
    }

    [Fact]
    public void TargetsWithoutTheTrailingUnitAxisAreAlignedAsKerasDoes()
    {
        // Keras expands (batch,) targets to (batch, 1) for (batch, 1) predictions (and squeezes the other way).
        using var scope = torch.NewDisposeScope();
        var yPred = TestData.Floats(new[] { 0.9f, 0.2f, 0.6f }, 3, 1);
        var yTrue = TestData.Floats(new[] { 1f, 0f, 0f }, 3);
        var yTrueColumn = yTrue.unsqueeze(-1);
        foreach (var loss in new Loss[] { new BinaryCrossentropy(), new MeanSquaredError(), new MeanAbsoluteError(), new Hinge() })
        {
            var expected = loss.Compute(yTrueColumn, yPred);
            TestData.Close(expected, loss.Compute(yTrue, yPred), $"{loss.Name}: (batch,) targets for (batch, 1) predictions");
            TestData.Close(expected, loss.Compute(yTrueColumn, yPred.squeeze(-1)), $"{loss.Name}: (batch, 1) targets for (batch,) predictions");
        }
    }

    [Fact]
    public void IgnoredClassContributesNothingAndTheMeanIsOverTheOtherSamples()
    {
        using var scope = torch.NewDisposeScope();
        var logits = TestData.Randn(3, 5, 4);
        var labels = TestData.Longs(0, 2, 0, 3, 1);
        var all = new SparseCategoricalCrossentropy(fromLogits: true, reduction: Reduction.None).Compute(labels, logits);
        var values = new SparseCategoricalCrossentropy(fromLogits: true, ignoreClass: 0, reduction: Reduction.None).Compute(labels, logits);
        var kept = TestData.Floats(new[] { 0f, 1, 0, 1, 1 });
        TestData.Close(all * kept, values, "per-sample values with class 0 ignored");
        // Keras: the ignored samples are masked out, so the mean is over the 3 kept samples.
        var mean = new SparseCategoricalCrossentropy(fromLogits: true, ignoreClass: 0).Compute(labels, logits);
        TestData.Close((all * kept).sum() / 3, mean, "mean over the kept samples");
        var sum = new SparseCategoricalCrossentropy(fromLogits: true, ignoreClass: 0, reduction: Reduction.Sum).Compute(labels, logits);
        TestData.Close((all * kept).sum(), sum, "sum");
    }

    [Fact]
    public void SampleWeightsOfShapeBatchByOneBroadcast()
    {
        using var scope = torch.NewDisposeScope();
        var yTrue = TestData.Randn(1, 4, 3);
        var yPred = TestData.Randn(2, 4, 3);
        var weights = TestData.Floats(new[] { 1f, 0f, 2f, 0.5f });
        var loss = new MeanSquaredError(Reduction.Sum);
        TestData.Close(loss.Compute(yTrue, yPred, weights), loss.Compute(yTrue, yPred, weights.unsqueeze(-1)), "(batch, 1) weights");
    }

    [Fact]
    public void InvalidArgumentsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BinaryCrossentropy(labelSmoothing: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CategoricalCrossentropy(labelSmoothing: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Huber(0));
    }

    [Fact]
    public void ConfigsRoundTrip()
    {
        Loss[] losses =
        {
            new BinaryCrossentropy(fromLogits: true, labelSmoothing: 0.1, reduction: Reduction.Sum), new CategoricalCrossentropy(labelSmoothing: 0.2),
            new SparseCategoricalCrossentropy(fromLogits: true, ignoreClass: 3, reduction: Reduction.None), new MeanSquaredError(),
            new MeanAbsoluteError(), new MeanAbsolutePercentageError(), new MeanSquaredLogarithmicError(), new Huber(0.5), new LogCosh(),
            new Hinge(), new SquaredHinge(), new KLDivergence(), new Poisson(), new CosineSimilarity(axis: 1),
        };
        foreach (var loss in losses)
        {
            var json = TestData.Json(loss.GetConfig());
            var copy = KerasRegistry.FromConfig<Loss>(loss.GetType().Name, TestData.ParseJson(json));
            Assert.Equal(json, TestData.Json(copy.GetConfig()));
        }
    }
}
