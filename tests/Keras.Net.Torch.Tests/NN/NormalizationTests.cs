using F = KerasNet.Torch.torch.nn.functional;

namespace KerasNet.Torch.Tests.NN;

/// <summary>torch.nn.functional normalization against PyTorch (tests/fixtures/cases/nn_norm.py).</summary>
public sealed class NormalizationTests : IDisposable
{
    private readonly Fixture fx = Fixture.Load("nn_norm");

    public void Dispose() => fx.Dispose();

    [Fact] public void BatchNormTraining() => Parity.Check(fx, "batch_norm_train", 5, x => F.batch_norm(x[0], x[3], x[4], x[1], x[2], training: true));
    [Fact] public void BatchNormTrainingMomentumEps() =>
        Parity.Check(fx, "batch_norm_train_momentum", 5, x => F.batch_norm(x[0], x[3], x[4], x[1], x[2], training: true, momentum: 0.3, eps: 1e-3));
    [Fact] public void BatchNormEvaluation() => Parity.Check(fx, "batch_norm_eval", 5, x => F.batch_norm(x[0], x[3], x[4], x[1], x[2]));
    [Fact] public void BatchNormTrainingWithoutRunningStatistics() =>
        Parity.Check(fx, "batch_norm_train_no_running", 3, x => F.batch_norm(x[0], null, null, weight: x[1], bias: x[2], training: true));

    [Theory]
    [InlineData("batch_norm_train", 0.1, 1e-5)]
    [InlineData("batch_norm_train_momentum", 0.3, 1e-3)]
    public void BatchNormTrainingUpdatesRunningStatisticsInPlace(string @case, double momentum, double eps)
    {
        using var scope = torch.NewDisposeScope();
        var runningMean = fx.Input(@case, 3);
        var runningVar = fx.Input(@case, 4);
        F.batch_norm(fx.Input(@case, 0), runningMean, runningVar, fx.Input(@case, 1), fx.Input(@case, 2), training: true, momentum: momentum, eps: eps);
        TensorAssert.Close(fx[$"{@case}.running_mean"], runningMean, what: "running_mean");
        TensorAssert.Close(fx[$"{@case}.running_var"], runningVar, what: "running_var");
    }

    [Fact]
    public void BatchNormEvaluationLeavesRunningStatisticsAlone()
    {
        using var scope = torch.NewDisposeScope();
        var runningMean = fx.Input("batch_norm_eval", 3);
        var runningVar = fx.Input("batch_norm_eval", 4);
        F.batch_norm(fx.Input("batch_norm_eval", 0), runningMean, runningVar, training: false);
        TensorAssert.Equal(fx["batch_norm_eval.in3"], runningMean);
        TensorAssert.Equal(fx["batch_norm_eval.running_var"], runningVar);
    }

    [Fact] public void LayerNorm() => Parity.Check(fx, "layer_norm", 3, x => F.layer_norm(x[0], 4, x[1], x[2]));
    [Fact] public void LayerNormOverTwoDims() => Parity.Check(fx, "layer_norm_2d", 3, x => F.layer_norm(x[0], new long[] { 3, 4 }, x[1], x[2], eps: 1e-3));
    [Fact] public void LayerNormWithoutAffine() => Parity.Check(fx, "layer_norm_no_affine", 1, x => F.layer_norm(x[0], new long[] { 6 }));
    [Fact] public void GroupNorm() => Parity.Check(fx, "group_norm", 3, x => F.group_norm(x[0], 3, x[1], x[2]));
    [Fact] public void GroupNormWithoutAffine() => Parity.Check(fx, "group_norm_no_affine", 1, x => F.group_norm(x[0], 2, eps: 1e-3));
    [Fact] public void InstanceNorm() => Parity.Check(fx, "instance_norm", 3, x => F.instance_norm(x[0], weight: x[1], bias: x[2]));
    [Fact] public void Normalize() => Parity.Check(fx, "normalize", 1, x => F.normalize(x[0]));
    [Fact] public void NormalizeL1LastDim() => Parity.Check(fx, "normalize_p1_last", 1, x => F.normalize(x[0], p: 1.0, dim: -1));

    // ---- bad input ----

    [Fact]
    public void BatchNormTrainingRejectsOneValuePerChannel()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(1, 3);
        var e = Assert.Throws<TorchShapeException>(() => F.batch_norm(x, null, null, training: true));
        Assert.Equal("batch_norm", e.Op);
        Assert.Contains("batch_norm: expected more than 1 value per channel when training; received input shape [1, 3]", e.Message);
    }

    [Fact]
    public void BatchNormRejectsWrongChannelCount()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(4, 3, 2, 2);
        var mean = torch.zeros(5);
        var variance = torch.ones(5);
        // libtorch's "should contain 3 elements not 5" is classified as a shape error (commit 3e1e5e0).
        var e = Assert.Throws<TorchShapeException>(() => F.batch_norm(x, mean, variance, training: true));
        Assert.Equal("batch_norm", e.Op);
        Assert.StartsWith("batch_norm: running_mean should contain 3 elements not 5", e.Message);
        Assert.Contains("float32[4, 3, 2, 2], float32[5]", e.Message);
    }

    [Fact]
    public void LayerNormRejectsMismatchedNormalizedShape()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(2, 3, 4);
        var e = Assert.Throws<TorchShapeException>(() => F.layer_norm(x, 5));
        Assert.StartsWith("layer_norm: Given normalized_shape=[5], expected input with shape [*, 5]", e.Message);
        Assert.Contains("float32[2, 3, 4]", e.Message);
    }

    [Fact]
    public void GroupNormRejectsIndivisibleChannels()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(2, 5, 3);
        var e = Assert.Throws<TorchShapeException>(() => F.group_norm(x, 2));
        Assert.StartsWith("group_norm: Expected number of channels in input to be divisible by num_groups", e.Message);
        Assert.Contains("float32[2, 5, 3]", e.Message);
    }
}
