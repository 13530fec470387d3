using KerasNet.Losses;
using KerasNet.Serialization;
using KerasNet.TestSupport;
using KerasNet.Tests.LayersTests;

namespace KerasNet.Tests.LossesTests;

/// <summary>
/// The losses added from Keras 3's catalogue (BinaryFocalCrossentropy, CategoricalFocalCrossentropy, CategoricalHinge,
/// CTC, Dice, Tversky, Circle) against tests/fixtures/cases/keras_catalogue_losses.py (PyTorch's ctc_loss, the Keras
/// formulas in torch ops), Keras's documented examples, names, configs and bad input. Tolerances: float32 parity
/// (rtol 1e-5, atol 1e-6) unless stated.
/// </summary>
public class CatalogueLossTests : IClassFixture<CatalogueLossTests.Fixtures>
{
    public sealed class Fixtures : IDisposable
    {
        public Fixture Data { get; } = Fixture.Load("keras_catalogue_losses");
        public void Dispose() => Data.Dispose();
    }

    private readonly Fixture fx;

    public CatalogueLossTests(Fixtures fixtures) => fx = fixtures.Data;

    private static readonly Dictionary<string, Func<Reduction, Loss>> Cases = new()
    {
        ["bfce"] = r => new BinaryFocalCrossentropy(reduction: r),
        ["bfce_balanced_logits"] = r => new BinaryFocalCrossentropy(applyClassBalancing: true, gamma: 5, fromLogits: true, reduction: r),
        ["bfce_smoothing_alpha"] = r => new BinaryFocalCrossentropy(applyClassBalancing: true, alpha: 0.6, gamma: 1.5, labelSmoothing: 0.2, reduction: r),
        ["cfce"] = r => new CategoricalFocalCrossentropy(reduction: r),
        ["cfce_logits_smoothing"] = r => new CategoricalFocalCrossentropy(alpha: 0.5, gamma: 3, fromLogits: true, labelSmoothing: 0.1, reduction: r),
        ["categorical_hinge"] = r => new CategoricalHinge(r),
        ["dice_per_image"] = r => new Dice(r, axis: new[] { 1, 2, 3 }),
        ["dice_all"] = r => new Dice(r),
        ["tversky_per_image"] = r => new Tversky(0.3, 0.7, r, axis: new[] { 1, 2, 3 }),
        ["ctc"] = r => new CTC(r),
        ["circle"] = r => new Circle(reduction: r),
        ["circle_small_gamma_keep_diagonal"] = r => new Circle(gamma: 4, margin: 0.25, removeDiagonal: false, reduction: r),
    };

    public static IEnumerable<object[]> Ids() => Cases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Ids))]
    public void PerSampleValuesMatchTheReference(string id)
    {
        using var scope = torch.NewDisposeScope();
        var (yTrue, yPred, values) = (fx[$"{id}.y_true"], fx[$"{id}.y_pred"], fx[$"{id}.values"]);
        // Circle's terms reach γ·2 ≈ 160 before a log-sum-exp: float32 keeps about 1e-5 relative there.
        var rtol = id.StartsWith("circle", StringComparison.Ordinal) ? 2e-5 : TensorAssert.Rtol;
        TestData.Close(values, Cases[id](Reduction.None).Compute(yTrue, yPred), $"{id} per-sample values", rtol);
        TestData.Close(values.sum(), Cases[id](Reduction.Sum).Compute(yTrue, yPred), $"{id} sum", rtol);
        if (!id.StartsWith("circle", StringComparison.Ordinal))
            TestData.Close(values.mean(), Cases[id](Reduction.SumOverBatchSize).Compute(yTrue, yPred), $"{id} mean", rtol);
    }

    [Fact]
    public void CircleMeanLeavesOutTheSamplesWhoseLossIsZeroAsKerasMasksThem()
    {
        using var scope = torch.NewDisposeScope();
        var values = fx["circle.values"];
        Assert.Equal(0.0, values[-1].ToDouble()); // the only sample of its class has no positive pair
        var expected = values.sum() / (values.gt(0).sum().to(ScalarType.Float32) + 1e-7);
        TestData.Close(expected, new Circle().Compute(fx["circle.y_true"], fx["circle.y_pred"]), "circle masked mean", 2e-5);
    }

    [Fact]
    public void CtcGradientMatchesPyTorch()
    {
        using var scope = torch.NewDisposeScope();
        var logits = fx["ctc.y_pred"].clone().requires_grad_();
        new CTC(Reduction.Sum).Compute(fx["ctc.y_true"], logits).backward();
        TestData.Close(fx["ctc.grad_sum"], logits.grad!, "ctc gradient");
    }

    [Fact]
    public void KerasDocumentedExamples()
    {
        using var scope = torch.NewDisposeScope();
        // keras.losses.binary_focal_crossentropy(y_true, y_pred, gamma=2) → [0.330, 0.206]; gamma=0 → plain BCE [0.916, 0.714].
        var yTrue = TestData.Floats(new[] { 0f, 1f, 0f, 0f }, 2, 2);
        var yPred = TestData.Floats(new[] { 0.6f, 0.4f, 0.4f, 0.6f }, 2, 2);
        var focal = TestData.Values(new BinaryFocalCrossentropy(reduction: Reduction.None).Compute(yTrue, yPred));
        Assert.Equal(0.330, focal[0], 3);
        Assert.Equal(0.206, focal[1], 3);
        var plain = TestData.Values(new BinaryFocalCrossentropy(gamma: 0, reduction: Reduction.None).Compute(yTrue, yPred));
        Assert.Equal(0.916, plain[0], 3);
        Assert.Equal(0.714, plain[1], 3);
        // keras.losses.Dice(axis=(1, 2, 3), reduction=None) → [0.5, 0.75757575]; Dice() → 0.6164384.
        var masks = TestData.Floats(new[] { 1f, 1f, 0f, 0f, 1f, 1f, 0f, 0f }, 2, 2, 2, 1);
        var soft = TestData.Floats(new[] { 0f, 1f, 0f, 1f, 0.4f, 0f, 0f, 0.9f }, 2, 2, 2, 1);
        var dice = TestData.Values(new Dice(Reduction.None, axis: new[] { 1, 2, 3 }).Compute(masks, soft));
        Assert.Equal(0.5, dice[0], 6);
        Assert.Equal(0.75757575, dice[1], 6);
        Assert.Equal(0.6164384, new Dice().Compute(masks, soft).ToDouble(), 6);
        // Tversky with α = β = 0.5 is Dice.
        Assert.Equal(0.6164384, new Tversky().Compute(masks, soft).ToDouble(), 6);
    }

    [Fact]
    public void FocalLossWithGammaZeroIsCrossEntropy()
    {
        using var scope = torch.NewDisposeScope();
        var yTrue = (TestData.Rand(3, 5, 4) > 0.5).to(ScalarType.Float32);
        var yPred = TestData.Rand(4, 5, 4) * 0.9 + 0.05;
        TestData.Close(new BinaryCrossentropy().Compute(yTrue, yPred), new BinaryFocalCrossentropy(gamma: 0).Compute(yTrue, yPred), "binary");
        var onehot = torch.nn.functional.one_hot(torch.tensor(new long[] { 0, 3, 1, 2, 2 }), 4).to(ScalarType.Float32);
        TestData.Close(new CategoricalCrossentropy().Compute(onehot, yPred) * 0.25, new CategoricalFocalCrossentropy(gamma: 0).Compute(onehot, yPred), "categorical");
    }

    [Theory]
    [InlineData("binary_focal_crossentropy", typeof(BinaryFocalCrossentropy))]
    [InlineData("categorical_focal_crossentropy", typeof(CategoricalFocalCrossentropy))]
    [InlineData("categorical_hinge", typeof(CategoricalHinge))]
    [InlineData("ctc", typeof(CTC))]
    [InlineData("dice", typeof(Dice))]
    [InlineData("tversky", typeof(Tversky))]
    [InlineData("circle", typeof(Circle))]
    public void KerasNamesResolve(string name, Type expected)
    {
        Loss loss = name;
        Assert.IsType(expected, loss);
        Assert.Equal(name, loss.Name);
    }

    [Fact]
    public void ConfigsRoundTripThroughTheRegistry()
    {
        Loss[] losses =
        {
            new BinaryFocalCrossentropy(true, 0.4, 1.5, true, 0.1, -1, Reduction.Sum), new CategoricalFocalCrossentropy(0.3, 2.5, true, 0.2),
            new CategoricalHinge(Reduction.None), new CTC(Reduction.Sum), new Dice(axis: new[] { 1, 2 }), new Dice(),
            new Tversky(0.2, 0.8, axis: new[] { 1 }), new Circle(30, 0.3, false),
        };
        foreach (var loss in losses)
        {
            var json = TestData.Json(loss.GetConfig());
            var copy = KerasRegistry.FromConfig<Loss>(loss.GetType().Name, TestData.ParseJson(json));
            Assert.IsType(loss.GetType(), copy);
            Assert.Equal(json, TestData.Json(copy.GetConfig()));
        }
    }

    [Fact]
    public void BadArgumentsAndInputsAreRejectedWithTheirValues()
    {
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentOutOfRangeException>(() => new BinaryFocalCrossentropy(alpha: 1.5)).Message, "alpha", "1.5");
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentOutOfRangeException>(() => new CategoricalFocalCrossentropy(gamma: -1)).Message, "gamma", "-1");
        Assert.Throws<ArgumentOutOfRangeException>(() => new Tversky(alpha: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Circle(gamma: 0));
        using var scope = torch.NewDisposeScope();
        var ctc = new CTC();
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => ctc.Compute(torch.zeros(2, 3, ScalarType.Int64), torch.zeros(2, 5))).Message, "[2, 5]", "time steps");
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => ctc.Compute(torch.zeros(2, 3), torch.zeros(2, 5, 4))).Message, "integer");
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => ctc.Compute(torch.full(new long[] { 2, 3 }, 7L), torch.zeros(2, 5, 4))).Message, "[0, 3]");
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => new Circle().Compute(torch.zeros(3, ScalarType.Int64), torch.zeros(4, 2))).Message, "(4,)");
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => new Dice().Compute(torch.zeros(2, 3), torch.zeros(2, 4))).Message, "[2, 3]", "[2, 4]");
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dice(axis: new[] { 5 }).Compute(torch.zeros(2, 3), torch.zeros(2, 3)));
    }
}
