using KerasNet.Torch.Optim;

namespace KerasNet.Torch.Tests.Optim;

/// <summary>Bad arguments to the fused optimizer steps: the exception type and what its message says.</summary>
public sealed class FusedOptimizerErrorTests
{
    private static Tensor[] Parameters() => [torch.ones(2, 3).requires_grad_(), torch.ones(4).requires_grad_()];

    [Fact]
    public void StateListOfTheWrongLength()
    {
        using var scope = torch.NewDisposeScope();
        var ps = Parameters();
        var e = Assert.Throws<ArgumentException>(() => FusedOptimizers.adam_step(ps, [torch.zeros(2, 3)], [torch.zeros(2, 3), torch.zeros(4)], 1));
        Assert.Equal("exp_avgs", e.ParamName);
        Assert.Contains("adam_step: exp_avgs has 1 tensors but there are 2 parameters", e.Message);
    }

    [Fact]
    public void StepCountsFromOne()
    {
        using var scope = torch.NewDisposeScope();
        var ps = Parameters();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => FusedOptimizers.adamw_step(ps, [.. ps.Select(torch.zeros_like)], [.. ps.Select(torch.zeros_like)], 0));
        Assert.Contains("step counts from 1", e.Message);
        Assert.Contains("received 0", e.Message);
    }

    [Fact]
    public void AmsgradNeedsItsState()
    {
        using var scope = torch.NewDisposeScope();
        var ps = Parameters();
        var e = Assert.Throws<ArgumentNullException>(() => FusedOptimizers.adam_step(ps, [.. ps.Select(torch.zeros_like)], [.. ps.Select(torch.zeros_like)], 1, amsgrad: true));
        Assert.Equal("max_exp_avg_sqs", e.ParamName);
        Assert.Contains("needed when amsgrad is set", e.Message);
    }

    [Fact]
    public void MomentumNeedsBuffers()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<ArgumentNullException>(() => FusedOptimizers.sgd_step(Parameters(), null, 1, lr: 0.1, momentum: 0.9));
        Assert.Equal("momentum_buffers", e.ParamName);
    }

    [Fact]
    public void NesterovNeedsMomentumWithoutDampening()
    {
        using var scope = torch.NewDisposeScope();
        var ps = Parameters();
        var e = Assert.Throws<ArgumentException>(() => FusedOptimizers.sgd_step(ps, [.. ps.Select(torch.zeros_like)], 1, lr: 0.1, momentum: 0.9, dampening: 0.5, nesterov: true));
        Assert.Contains("Nesterov momentum needs momentum > 0 and dampening 0; received momentum 0.9 and dampening 0.5", e.Message);
    }

    [Fact]
    public void NegativeLearningRate()
    {
        using var scope = torch.NewDisposeScope();
        var ps = Parameters();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => FusedOptimizers.lion_step(ps, [.. ps.Select(torch.zeros_like)], lr: -1));
        Assert.Equal("lr", e.ParamName);
        Assert.Contains("lion_step: lr must be a non-negative number; received -1", e.Message);
    }

    [Fact]
    public void BetaOutOfRange()
    {
        using var scope = torch.NewDisposeScope();
        var ps = Parameters();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => FusedOptimizers.adam_step(ps, [.. ps.Select(torch.zeros_like)], [.. ps.Select(torch.zeros_like)], 1, beta2: 1.0));
        Assert.Equal("beta2", e.ParamName);
        Assert.Contains("beta2 must be in [0, 1); received 1", e.Message);
    }

    [Fact]
    public void GradsListOfTheWrongLength()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => FusedOptimizers.sgd_step(Parameters(), null, 1, lr: 0.1, grads: [torch.ones(2, 3)]));
        Assert.Equal("grads", e.ParamName);
        Assert.Contains("grads has 1 entries but parameters has 2", e.Message);
    }

    [Fact]
    public void StateOfTheWrongShapeIsAShapeError()
    {
        using var scope = torch.NewDisposeScope();
        var ps = Parameters();
        ps[0].grad = torch.ones(2, 3);
        var e = Assert.Throws<TorchShapeException>(() => FusedOptimizers.adam_step(ps, [torch.zeros(3, 2), torch.zeros(4)], [torch.zeros(2, 3), torch.zeros(4)], 1));
        Assert.StartsWith("adam_step: ", e.Message);
        Assert.Contains("size of tensor", e.Message);
        Assert.Equal("adam_step", e.Op);
    }

    [Fact]
    public void NonFiniteNormThrowsWhenAsked()
    {
        using var scope = torch.NewDisposeScope();
        var p = torch.ones(2).requires_grad_();
        p.grad = torch.tensor(new[] { 1f, float.NaN });
        var e = Assert.Throws<TorchArgumentException>(() => FusedOptimizers.clip_grad_norm_([p], 1.0, error_if_nonfinite: true));
        Assert.Contains("clip_grad_norm_: the total norm of order 2 of the gradients is non-finite", e.Message);
    }

    [Fact]
    public void NegativeNormType()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => FusedOptimizers.global_norm([torch.ones(2)], -1));
        Assert.Equal("norm_type", e.ParamName);
    }

    [Fact]
    public void DisposedParameter()
    {
        var ps = Parameters();
        ps[1].Dispose();
        Assert.Throws<ObjectDisposedException>(() => FusedOptimizers.sgd_step(ps, null, 1, lr: 0.1));
        ps[0].Dispose();
    }
}
