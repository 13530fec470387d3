using F = KerasNet.Torch.torch.nn.functional;

namespace KerasNet.Torch.Tests.NN;

/// <summary>torch.nn.functional losses against PyTorch (tests/fixtures/cases/nn_loss.py).</summary>
public sealed class LossTests : IDisposable
{
    private readonly Fixture fx = Fixture.Load("nn_loss");

    public void Dispose() => fx.Dispose();

    // ---- cross entropy ----

    [Theory]
    [InlineData("mean")]
    [InlineData("sum")]
    [InlineData("none")]
    public void CrossEntropyReductions(string reduction) => Parity.Check(fx, $"ce_{reduction}", 2, x => F.cross_entropy(x[0], x[1], reduction: reduction));

    [Fact] public void CrossEntropyClassWeights() => Parity.Check(fx, "ce_weight", 3, x => F.cross_entropy(x[0], x[1], weight: x[2]));
    [Fact] public void CrossEntropyIgnoresMinus100ByDefault() => Parity.Check(fx, "ce_ignore_default", 2, x => F.cross_entropy(x[0], x[1]));
    [Fact] public void CrossEntropyIgnoreIndex() => Parity.Check(fx, "ce_ignore_index", 2, x => F.cross_entropy(x[0], x[1], ignore_index: 2));
    [Fact] public void CrossEntropyLabelSmoothing() => Parity.Check(fx, "ce_smoothing", 2, x => F.cross_entropy(x[0], x[1], label_smoothing: 0.1));
    [Fact] public void CrossEntropyWeightIgnoreIndexAndSmoothing() =>
        Parity.Check(fx, "ce_all_options", 3, x => F.cross_entropy(x[0], x[1], x[2], ignore_index: 2, label_smoothing: 0.2));
    [Fact] public void CrossEntropyWeightIgnoreIndexAndSmoothingSum() =>
        Parity.Check(fx, "ce_all_options_sum", 3, x => F.cross_entropy(x[0], x[1], x[2], ignore_index: 2, reduction: "sum", label_smoothing: 0.2));
    [Fact] public void CrossEntropyWeightIgnoreIndexAndSmoothingNone() =>
        Parity.Check(fx, "ce_all_options_none", 3, x => F.cross_entropy(x[0], x[1], x[2], 2, "none", 0.2));
    [Fact] public void CrossEntropySpatial() => Parity.Check(fx, "ce_spatial", 2, x => F.cross_entropy(x[0], x[1]));
    [Fact] public void CrossEntropyUnbatched() => Parity.Check(fx, "ce_unbatched", 2, x => F.cross_entropy(x[0], x[1]));
    [Fact] public void CrossEntropyProbabilityTargets() => Parity.Check(fx, "ce_probs", 2, x => F.cross_entropy(x[0], x[1]));
    [Fact] public void CrossEntropyProbabilityTargetsWeightSmoothing() =>
        Parity.Check(fx, "ce_probs_weight_smoothing", 3, x => F.cross_entropy(x[0], x[1], weight: x[2], label_smoothing: 0.15));
    [Fact] public void CrossEntropyProbabilityTargetsNone() => Parity.Check(fx, "ce_probs_none", 2, x => F.cross_entropy(x[0], x[1], reduction: "none"));

    // ---- negative log likelihood ----

    [Fact] public void NllLoss() => Parity.Check(fx, "nll", 2, x => F.nll_loss(x[0], x[1]));
    [Fact] public void NllLossWeightIgnoreIndex() => Parity.Check(fx, "nll_weight_ignore", 3, x => F.nll_loss(x[0], x[1], x[2], ignore_index: 2));
    [Fact] public void NllLossNone() => Parity.Check(fx, "nll_none", 2, x => F.nll_loss(x[0], x[1], reduction: "none"));
    [Fact] public void NllLossSum() => Parity.Check(fx, "nll_sum", 2, x => F.nll_loss(x[0], x[1], reduction: "sum"));
    [Fact] public void NllLossSpatial() => Parity.Check(fx, "nll_spatial", 2, x => F.nll_loss(x[0], x[1]));

    [Fact]
    public void CrossEntropyIsLogSoftmaxThenNll()
    {
        using var scope = torch.NewDisposeScope();
        var logits = fx.Input("ce_weight", 0);
        var labels = fx.Input("ce_weight", 1);
        var weight = fx.Input("ce_weight", 2);
        TensorAssert.Close(F.nll_loss(F.log_softmax(logits, 1), labels, weight), F.cross_entropy(logits, labels, weight));
    }

    // ---- binary cross entropy ----

    [Fact] public void BinaryCrossEntropy() => Parity.Check(fx, "bce", 2, x => F.binary_cross_entropy(x[0], x[1]));
    [Fact] public void BinaryCrossEntropyBroadcastWeight() => Parity.Check(fx, "bce_weight", 3, x => F.binary_cross_entropy(x[0], x[1], weight: x[2]));
    [Fact] public void BinaryCrossEntropySum() => Parity.Check(fx, "bce_sum", 2, x => F.binary_cross_entropy(x[0], x[1], reduction: "sum"));
    [Fact] public void BinaryCrossEntropyNone() => Parity.Check(fx, "bce_none", 2, x => F.binary_cross_entropy(x[0], x[1], reduction: "none"));
    [Fact] public void BinaryCrossEntropyWithLogits() => Parity.Check(fx, "bce_logits", 2, x => F.binary_cross_entropy_with_logits(x[0], x[1]));
    [Fact] public void BinaryCrossEntropyWithLogitsWeight() =>
        Parity.Check(fx, "bce_logits_weight", 3, x => F.binary_cross_entropy_with_logits(x[0], x[1], weight: x[2]));
    [Fact] public void BinaryCrossEntropyWithLogitsPosWeight() =>
        Parity.Check(fx, "bce_logits_pos_weight", 3, x => F.binary_cross_entropy_with_logits(x[0], x[1], pos_weight: x[2]));
    [Fact] public void BinaryCrossEntropyWithLogitsWeightAndPosWeightNone() =>
        Parity.Check(fx, "bce_logits_both_none", 4, x => F.binary_cross_entropy_with_logits(x[0], x[1], x[2], "none", x[3]));

    // ---- regression ----

    [Theory]
    [InlineData("mean")]
    [InlineData("sum")]
    [InlineData("none")]
    public void MseLoss(string reduction) => Parity.Check(fx, $"mse_{reduction}", 2, x => F.mse_loss(x[0], x[1], reduction));

    [Theory]
    [InlineData("mean")]
    [InlineData("sum")]
    [InlineData("none")]
    public void L1Loss(string reduction) => Parity.Check(fx, $"l1_{reduction}", 2, x => F.l1_loss(x[0], x[1], reduction: reduction));

    [Fact] public void MseLossBroadcastsTarget() => Parity.Check(fx, "mse_broadcast", 2, x => F.mse_loss(x[0], x[1]));
    [Fact] public void SmoothL1Loss() => Parity.Check(fx, "smooth_l1", 2, x => F.smooth_l1_loss(x[0], x[1]));
    [Fact] public void SmoothL1LossBeta() => Parity.Check(fx, "smooth_l1_beta", 2, x => F.smooth_l1_loss(x[0], x[1], reduction: "none", beta: 0.5));
    [Fact] public void HuberLoss() => Parity.Check(fx, "huber", 2, x => F.huber_loss(x[0], x[1]));
    [Fact] public void HuberLossDelta() => Parity.Check(fx, "huber_delta", 2, x => F.huber_loss(x[0], x[1], reduction: "sum", delta: 0.7));

    // ---- divergences and likelihoods ----

    [Fact] public void KlDiv() => Parity.Check(fx, "kl_div", 2, x => F.kl_div(x[0], x[1]));
    [Fact] public void KlDivBatchMean() => Parity.Check(fx, "kl_div_batchmean", 2, x => F.kl_div(x[0], x[1], reduction: "batchmean"));
    [Fact] public void KlDivLogTarget() => Parity.Check(fx, "kl_div_log_target", 2, x => F.kl_div(x[0], x[1], reduction: "none", log_target: true));
    [Fact] public void PoissonNllLoss() => Parity.Check(fx, "poisson_nll", 2, x => F.poisson_nll_loss(x[0], x[1]));
    [Fact] public void PoissonNllLossRateFull() =>
        Parity.Check(fx, "poisson_nll_rate_full", 2, x => F.poisson_nll_loss(x[0], x[1], log_input: false, full: true, reduction: "sum"));

    // ---- embeddings and ranking ----

    [Fact] public void CosineEmbeddingLoss() => Parity.Check(fx, "cosine_embedding", 3, x => F.cosine_embedding_loss(x[0], x[1], x[2]));
    [Fact] public void CosineEmbeddingLossMargin() =>
        Parity.Check(fx, "cosine_embedding_margin", 3, x => F.cosine_embedding_loss(x[0], x[1], x[2], margin: -0.2, reduction: "none"));
    [Fact] public void MarginRankingLoss() => Parity.Check(fx, "margin_ranking", 3, x => F.margin_ranking_loss(x[0], x[1], x[2], margin: 0.1));
    [Fact] public void HingeEmbeddingLoss() => Parity.Check(fx, "hinge_embedding", 2, x => F.hinge_embedding_loss(x[0], x[1], margin: 1.5));
    [Fact] public void HingeEmbeddingLossNone() => Parity.Check(fx, "hinge_embedding_none", 2, x => F.hinge_embedding_loss(x[0], x[1], reduction: "none"));
    [Fact] public void CosineSimilarity() => Parity.Check(fx, "cosine_similarity", 2, x => F.cosine_similarity(x[0], x[1]));
    [Fact] public void CosineSimilarityBroadcast() => Parity.Check(fx, "cosine_similarity_broadcast", 2, x => F.cosine_similarity(x[0], x[1], dim: -1, eps: 1e-6));

    // ---- bad input ----

    public static TheoryData<string, Action<Tensor, Tensor, string>> ReductionOps => new()
    {
        { "cross_entropy", (a, _, r) => F.cross_entropy(a, torch.tensor(new long[] { 0, 1 }), reduction: r) },
        { "nll_loss", (a, _, r) => F.nll_loss(a, torch.tensor(new long[] { 0, 1 }), reduction: r) },
        { "binary_cross_entropy", (a, b, r) => F.binary_cross_entropy(a.sigmoid(), b, reduction: r) },
        { "binary_cross_entropy_with_logits", (a, b, r) => F.binary_cross_entropy_with_logits(a, b, reduction: r) },
        { "mse_loss", (a, b, r) => F.mse_loss(a, b, r) },
        { "l1_loss", (a, b, r) => F.l1_loss(a, b, r) },
        { "smooth_l1_loss", (a, b, r) => F.smooth_l1_loss(a, b, r) },
        { "huber_loss", (a, b, r) => F.huber_loss(a, b, r) },
        { "kl_div", (a, b, r) => F.kl_div(a, b, r) },
        { "poisson_nll_loss", (a, b, r) => F.poisson_nll_loss(a, b, reduction: r) },
        { "hinge_embedding_loss", (a, b, r) => F.hinge_embedding_loss(a, b, reduction: r) },
        { "cosine_embedding_loss", (a, b, r) => F.cosine_embedding_loss(a, b, torch.ones(2), reduction: r) },
        { "margin_ranking_loss", (a, b, r) => F.margin_ranking_loss(a, b, torch.ones(2, 3), reduction: r) },
    };

    [Theory, MemberData(nameof(ReductionOps))]
    public void RejectsAnUnknownReduction(string op, Action<Tensor, Tensor, string> call)
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.rand(2, 3);
        var b = torch.rand(2, 3);
        var e = Assert.Throws<ArgumentException>(() => call(a, b, "average"));
        Assert.Equal("reduction", e.ParamName);
        Assert.StartsWith($"{op}: reduction must be 'mean', 'sum' or 'none'; received 'average'.", e.Message);
    }

    [Fact]
    public void ReductionNamesAreCaseSensitiveAsInPyTorch()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Throws<ArgumentException>(() => F.mse_loss(torch.rand(2), torch.rand(2), "Mean"));
    }

    [Fact]
    public void CrossEntropyRejectsMismatchedBatch()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.randn(4, 3);
        var labels = torch.tensor(new long[] { 0, 1, 2 });
        var e = Assert.Throws<TorchShapeException>(() => F.cross_entropy(logits, labels));
        Assert.StartsWith("cross_entropy: Expected input batch_size (4) to match target batch_size (3).", e.Message);
        Assert.Contains("(inputs: float32[4, 3], int64[3])", e.Message);
    }

    [Fact]
    public void CrossEntropyRejectsProbabilityTargetsOfAnotherShape()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.randn(4, 3);
        var probabilities = torch.rand(4, 2);
        var e = Assert.Throws<TorchShapeException>(() => F.cross_entropy(logits, probabilities));
        Assert.StartsWith("cross_entropy: class-probability targets must have the input's shape; received target [4, 2] for input [4, 3].", e.Message);
    }

    [Fact]
    public void CrossEntropyRejectsAClassOutOfRange()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.randn(2, 3);
        var labels = torch.tensor(new long[] { 0, 3 });
        var e = Assert.Throws<TorchIndexException>(() => F.cross_entropy(logits, labels));
        Assert.StartsWith("cross_entropy: Target 3 is out of bounds.", e.Message);
    }

    [Fact]
    public void NllLossRejectsFloatTargets()
    {
        using var scope = torch.NewDisposeScope();
        var logp = torch.randn(2, 3);
        var labels = torch.tensor(new float[] { 0, 1 });
        var e = Assert.Throws<TorchDTypeException>(() => F.nll_loss(logp, labels));
        Assert.StartsWith("nll_loss:", e.Message);
        Assert.Contains("float32[2, 3], float32[2]", e.Message);
    }

    [Fact]
    public void MseLossRejectsShapesThatDoNotBroadcast()
    {
        using var scope = torch.NewDisposeScope();
        var input = torch.randn(4, 3);
        var target = torch.randn(4, 2);
        var e = Assert.Throws<TorchShapeException>(() => F.mse_loss(input, target));
        Assert.StartsWith("mse_loss: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1", e.Message);
        Assert.Contains("(inputs: float32[4, 3], float32[4, 2])", e.Message);
    }

    [Theory]
    [InlineData("binary_cross_entropy")]
    [InlineData("binary_cross_entropy_with_logits")]
    public void BinaryCrossEntropyRequiresEqualShapes(string op)
    {
        using var scope = torch.NewDisposeScope();
        var input = torch.rand(4, 1);
        var target = torch.rand(4);
        var e = Assert.Throws<TorchShapeException>(() => op == "binary_cross_entropy"
            ? F.binary_cross_entropy(input, target)
            : F.binary_cross_entropy_with_logits(input, target));
        Assert.Equal(op, e.Op);
        Assert.StartsWith($"{op}: target shape [4] must equal input shape [4, 1].", e.Message);
    }

    [Fact]
    public void MarginRankingLossRequiresEqualRanks()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<TorchShapeException>(() => F.margin_ranking_loss(torch.randn(3), torch.randn(3), torch.ones(3, 1)));
        Assert.Contains("received input1 [3], input2 [3], target [3, 1]", e.Message);
    }

    [Fact]
    public void CrossEntropyRejectsLabelSmoothingOutsideZeroToOne()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => F.cross_entropy(torch.randn(2, 3), torch.tensor(new long[] { 0, 1 }), label_smoothing: 1.5));
        Assert.Equal("label_smoothing", e.ParamName);
    }
}
