using KerasNet.Optimizers;
using KerasNet.TestSupport;

namespace KerasNet.Tests.BackendTests;

/// <summary>
/// Three steps of each optimizer update rule in <see cref="FusedOptimizers"/> against torch.optim (fixtures from
/// tests/fixtures/cases/optim.py, written with PyTorch 1.13.1, where each case's hyperparameters are the ones repeated
/// here), and gradient clipping against torch.nn.utils. Adam and AdamW run twice: through libtorch's fused kernel
/// (<see cref="FusedAdamKernel"/>, what the optimizers use for contiguous CPU parameters) and through the managed
/// per-parameter ops. Tolerances: the float32 parity ones (rtol 1e-5, atol 1e-6) throughout.
/// </summary>
public sealed class FusedOptimizerParityTests : IDisposable
{
    private const int ParameterCount = 3, Steps = 3;
    private readonly Fixture fx = Fixture.Load("optim");

    public void Dispose() => fx.Dispose();

    private static Tensor[] Zeros(Tensor[] ps) => ps.Select(p => torch.zeros_like(p)).ToArray();

    /// <summary>
    /// Loads the case's parameters, lets <paramref name="setup"/> create the state and return the step, then for each
    /// step sets the fixture's gradients and compares every parameter with PyTorch's after the step.
    /// </summary>
    private void Run(string @case, Func<Tensor[], Action<long>> setup)
    {
        using var scope = torch.NewDisposeScope();
        var ps = Enumerable.Range(0, ParameterCount).Select(i => fx[$"{@case}.p{i}"].clone().requires_grad_()).ToArray();
        var step = setup(ps);
        for (var s = 0; s < Steps; s++)
        {
            for (var i = 0; i < ParameterCount; i++)
                ps[i].grad = fx.Has($"{@case}.g{s}.{i}") ? fx[$"{@case}.g{s}.{i}"].clone() : null;
            step(s + 1);
            for (var i = 0; i < ParameterCount; i++)
                TensorAssert.Close(fx[$"{@case}.s{s}.{i}"], ps[i], what: $"{@case} step {s + 1} parameter {i}");
        }
    }

    [Fact]
    public void SgdPlain() => Run("sgd_plain", ps => step => FusedOptimizers.sgd_step(ps, null, step, lr: 0.1));

    [Fact]
    public void SgdMomentumDampeningWeightDecay() => Run("sgd_momentum", ps =>
    {
        var buffers = Zeros(ps);
        return step => FusedOptimizers.sgd_step(ps, buffers, step, lr: 0.1, momentum: 0.9, dampening: 0.1, weight_decay: 0.01);
    });

    [Fact]
    public void SgdNesterov() => Run("sgd_nesterov", ps =>
    {
        var buffers = Zeros(ps);
        return step => FusedOptimizers.sgd_step(ps, buffers, step, lr: 0.05, momentum: 0.9, weight_decay: 0.05, nesterov: true);
    });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AdamDefaults(bool fused) => Run("adam_default", ps =>
    {
        var (m, v) = (Zeros(ps), Zeros(ps));
        // torch.optim.Adam's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay.
        return step => FusedOptimizers.adam_step(ps, m, v, step, 1e-3, 0.9, 0.999, 1e-8, 0, false, null, allowFused: fused);
    });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AdamAmsgradWeightDecay(bool fused) => Run("adam_amsgrad", ps =>
    {
        var (m, v, mx) = (Zeros(ps), Zeros(ps), Zeros(ps));
        return step => FusedOptimizers.adam_step(ps, m, v, step, lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-7, weight_decay: 0.1, amsgrad: true,
                                                 maxExpAvgSqs: mx, allowFused: fused);
    });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AdamSkipsParametersWithoutGradient(bool fused) => Run("adam_skip", ps =>
    {
        var (m, v) = (Zeros(ps), Zeros(ps));
        return step => FusedOptimizers.adam_step(ps, m, v, step, 0.01, 0.9, 0.999, 1e-8, 0, false, null, allowFused: fused);
    });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SkippedParameterKeepsItsState(bool fused)
    {
        using var scope = torch.NewDisposeScope();
        var ps = new[] { torch.ones(2).requires_grad_(), torch.ones(2).requires_grad_() };
        ps[0].grad = torch.ones(2);
        var (m, v) = (Zeros(ps), Zeros(ps));
        FusedOptimizers.adam_step(ps, m, v, 1, 1e-3, 0.9, 0.999, 1e-8, 0, false, null, allowFused: fused);
        TensorAssert.Equal(torch.ones(2), ps[1]);
        TensorAssert.Equal(torch.zeros(2), m[1]);
        TensorAssert.Equal(torch.zeros(2), v[1]);
        // Step 1 of Adam moves by exactly lr against the gradient's sign (up to eps).
        TensorAssert.Close(torch.full(new long[] { 2 }, 1 - 1e-3), ps[0]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AdamWDefaults(bool fused) => Run("adamw_default", ps =>
    {
        var (m, v) = (Zeros(ps), Zeros(ps));
        // torch.optim.AdamW's defaults: as Adam's, with decoupled weight decay 1e-2.
        return step => FusedOptimizers.adamw_step(ps, m, v, step, 1e-3, 0.9, 0.999, 1e-8, 1e-2, false, null, allowFused: fused);
    });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AdamWAmsgrad(bool fused) => Run("adamw_amsgrad", ps =>
    {
        var (m, v, mx) = (Zeros(ps), Zeros(ps), Zeros(ps));
        return step => FusedOptimizers.adamw_step(ps, m, v, step, lr: 0.01, beta1: 0.85, beta2: 0.995, eps: 1e-6, weight_decay: 0.2, amsgrad: true,
                                                  maxExpAvgSqs: mx, allowFused: fused);
    });

    [Fact]
    public void Adamax() => Run("adamax", ps =>
    {
        var (m, u) = (Zeros(ps), Zeros(ps));
        return step => FusedOptimizers.adamax_step(ps, m, u, step, lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-7, weight_decay: 0.1);
    });

    [Fact]
    public void NAdam() => Run("nadam", ps =>
    {
        var (m, v) = (Zeros(ps), Zeros(ps));
        var muProduct = 1.0;
        return step => muProduct = FusedOptimizers.nadam_step(ps, m, v, step, muProduct, lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8,
                                                              weight_decay: 0.1, momentum_decay: 4e-3);
    });

    [Fact]
    public void Adagrad() => Run("adagrad", ps =>
    {
        var sums = ps.Select(p => torch.full_like(p, 0.1)).ToArray(); // initial_accumulator_value = 0.1
        // torch.optim.Adagrad's default eps is 1e-10.
        return step => FusedOptimizers.adagrad_step(ps, sums, step, lr: 0.1, lr_decay: 0.01, weight_decay: 0.1, eps: 1e-10);
    });

    [Fact]
    public void Adadelta() => Run("adadelta", ps =>
    {
        var (s, d) = (Zeros(ps), Zeros(ps));
        return _ => FusedOptimizers.adadelta_step(ps, s, d, lr: 1.0, rho: 0.8, eps: 1e-6, weight_decay: 0.1);
    });

    [Fact]
    public void Lion() => Run("lion", ps =>
    {
        var m = Zeros(ps);
        return _ => FusedOptimizers.lion_step(ps, m, lr: 1e-3, beta1: 0.9, beta2: 0.99, weight_decay: 0.1);
    });

    // ---- clipping ----

    private Tensor[] ParametersWithClipGradients()
    {
        var ps = Enumerable.Range(0, ParameterCount).Select(i => torch.zeros_like(fx[$"clip.g{i}"]).requires_grad_()).ToArray();
        for (var i = 0; i < ParameterCount; i++) ps[i].grad = fx[$"clip.g{i}"].clone();
        return ps.Append(torch.zeros(2).requires_grad_()).ToArray(); // the last has no gradient and is skipped
    }

    [Theory]
    [InlineData("l2_clipped", 1.0, 2.0)]
    [InlineData("l2_unclipped", 100.0, 2.0)]
    [InlineData("l1", 2.0, 1.0)]
    [InlineData("inf", 0.5, double.PositiveInfinity)]
    [InlineData("l3", 1.5, 3.0)]
    public void ClipGradNorm(string name, double maxNorm, double normType)
    {
        using var scope = torch.NewDisposeScope();
        var ps = ParametersWithClipGradients();
        var total = FusedOptimizers.clip_grad_norm_(ps, maxNorm, normType);
        TensorAssert.Close(fx[$"clip.{name}.norm"], total, what: "total norm");
        for (var i = 0; i < ParameterCount; i++)
            TensorAssert.Close(fx[$"clip.{name}.out{i}"], ps[i].grad!, what: $"gradient {i}");
        Assert.Null(ps[ParameterCount].grad);
    }

    [Theory]
    [InlineData("l2_clipped", 2.0)]
    [InlineData("l1", 1.0)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("l3", 3.0)]
    public void GlobalNorm(string name, double normType)
    {
        using var scope = torch.NewDisposeScope();
        var grads = Enumerable.Range(0, ParameterCount).Select(i => fx[$"clip.g{i}"]).ToArray();
        TensorAssert.Close(fx[$"clip.{name}.global_norm"], FusedOptimizers.global_norm(grads, normType));
        TensorAssert.Equal(fx["clip.g0"], grads[0]); // not modified
    }

    [Fact]
    public void ClipGradValue()
    {
        using var scope = torch.NewDisposeScope();
        var ps = ParametersWithClipGradients();
        FusedOptimizers.clip_grad_value_(ps, 0.5);
        for (var i = 0; i < ParameterCount; i++)
            TensorAssert.Equal(fx[$"clip.value.out{i}"], ps[i].grad!, $"gradient {i}");
    }

    [Fact]
    public void ClipGradNormWithoutGradientsIsZero()
    {
        using var scope = torch.NewDisposeScope();
        var total = FusedOptimizers.clip_grad_norm_(new[] { torch.ones(3).requires_grad_() }, 1.0);
        Assert.Equal(0.0, total.ToDouble());
        Assert.Equal(ScalarType.Float32, total.dtype);
    }
}
