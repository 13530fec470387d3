using KerasNet.Losses;
using KerasNet.TestSupport;

namespace KerasNet.Tests.LossesTests;

/// <summary>
/// Every loss of src/Keras.Net/Losses against PyTorch or the Keras formula (tests/fixtures/cases/keras_losses.py):
/// per-sample values (reduction None), then each reduction and sample weights from those values. Tolerances: the
/// float32 parity ones (rtol 1e-5, atol 1e-6).
/// </summary>
public class LossParityTests : IClassFixture<LossParityTests.Fixtures>
{
    public sealed class Fixtures : IDisposable
    {
        public Fixture Losses { get; } = Fixture.Load("keras_losses");
        public void Dispose() => Losses.Dispose();
    }

    private readonly Fixture fx;

    public LossParityTests(Fixtures fixtures) => fx = fixtures.Losses;

    /// <summary>Case name → the loss with reduction None (the others are made by <see cref="WithReduction"/>).</summary>
    private static readonly Dictionary<string, Func<Reduction, Loss>> Cases = new()
    {
        ["bce"] = r => new BinaryCrossentropy(reduction: r),
        ["bce_logits"] = r => new BinaryCrossentropy(fromLogits: true, reduction: r),
        ["bce_smoothing"] = r => new BinaryCrossentropy(labelSmoothing: 0.2, reduction: r),
        ["bce_logits_smoothing"] = r => new BinaryCrossentropy(fromLogits: true, labelSmoothing: 0.2, reduction: r),
        ["cce"] = r => new CategoricalCrossentropy(reduction: r),
        ["cce_unnormalized"] = r => new CategoricalCrossentropy(reduction: r),
        ["cce_logits"] = r => new CategoricalCrossentropy(fromLogits: true, reduction: r),
        ["cce_smoothing"] = r => new CategoricalCrossentropy(labelSmoothing: 0.1, reduction: r),
        ["cce_logits_smoothing"] = r => new CategoricalCrossentropy(fromLogits: true, labelSmoothing: 0.1, reduction: r),
        ["scce"] = r => new SparseCategoricalCrossentropy(reduction: r),
        ["scce_logits"] = r => new SparseCategoricalCrossentropy(fromLogits: true, reduction: r),
        ["scce_logits_seq"] = r => new SparseCategoricalCrossentropy(fromLogits: true, reduction: r),
        ["mse"] = r => new MeanSquaredError(r),
        ["mae"] = r => new MeanAbsoluteError(r),
        ["mape"] = r => new MeanAbsolutePercentageError(r),
        ["msle"] = r => new MeanSquaredLogarithmicError(r),
        ["huber"] = r => new Huber(reduction: r),
        ["huber_delta"] = r => new Huber(0.5, r),
        ["log_cosh"] = r => new LogCosh(r),
        ["hinge"] = r => new Hinge(r),
        ["hinge_signed"] = r => new Hinge(r),
        ["squared_hinge"] = r => new SquaredHinge(r),
        ["poisson"] = r => new Poisson(r),
        ["kl_divergence"] = r => new KLDivergence(r),
        ["cosine_similarity"] = r => new CosineSimilarity(reduction: r),
        ["mse_rank3"] = r => new MeanSquaredError(r),
    };

    public static IEnumerable<object[]> Ids() => Cases.Keys.Select(k => new object[] { k });

    private (Tensor YTrue, Tensor YPred, Tensor Values) Data(string id) => (fx[$"{id}.y_true"], fx[$"{id}.y_pred"], fx[$"{id}.values"]);

    [Theory]
    [MemberData(nameof(Ids))]
    public void PerSampleValuesMatchTheReference(string id)
    {
        using var scope = torch.NewDisposeScope();
        var (yTrue, yPred, values) = Data(id);
        TestData.Close(values, Cases[id](Reduction.None).Compute(yTrue, yPred), $"{id} per-sample values");
        TestData.Close(values, Cases[id](Reduction.SumOverBatchSize).Call(yTrue, yPred), $"{id} Call");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void ReductionsAndSampleWeights(string id)
    {
        using var scope = torch.NewDisposeScope();
        var (yTrue, yPred, values) = Data(id);
        var batch = yPred.size(0);
        var weights = torch.arange(1, batch + 1, ScalarType.Float32) * 0.5;
        var broadcast = weights.reshape(new long[] { batch }.Concat(Enumerable.Repeat(1L, (int)values.dim() - 1)).ToArray());
        var weighted = values * broadcast;

        TestData.Close(values.sum(), Cases[id](Reduction.Sum).Compute(yTrue, yPred), $"{id} sum");
        TestData.Close(values.mean(), Cases[id](Reduction.SumOverBatchSize).Compute(yTrue, yPred), $"{id} sum over batch size");
        TestData.Close(weighted, Cases[id](Reduction.None).Compute(yTrue, yPred, weights), $"{id} weighted values");
        TestData.Close(weighted.sum(), Cases[id](Reduction.Sum).Compute(yTrue, yPred, weights), $"{id} weighted sum");
        // Keras divides the weighted sum by the number of values, not by the sum of the weights.
        TestData.Close(weighted.sum() / values.numel(), Cases[id](Reduction.SumOverBatchSize).Compute(yTrue, yPred, weights), $"{id} weighted mean");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void GradientIsFinite(string id)
    {
        using var scope = torch.NewDisposeScope();
        var (yTrue, yPred, _) = Data(id);
        var prediction = yPred.clone().requires_grad_();
        Cases[id](Reduction.SumOverBatchSize).Compute(yTrue, prediction).backward();
        Assert.True(prediction.grad!.isfinite().all().item<bool>(), $"{id}: non-finite gradient");
    }
}
