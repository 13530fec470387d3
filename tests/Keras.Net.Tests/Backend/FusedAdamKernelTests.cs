using KerasNet.Optimizers;
using KerasNet.TestSupport;

namespace KerasNet.Tests.BackendTests;

/// <summary>
/// Which parameters go through libtorch's fused Adam kernel (<see cref="FusedAdamKernel.Takes"/>), and that a list
/// mixing those with parameters the kernel cannot take (strided views, other dtypes, non-contiguous gradients, no
/// gradient) gives the managed loop's result. Tolerance between the two paths: the float32 parity one (rtol 1e-5,
/// atol 1e-6); they do the same float32 arithmetic, the kernel with fused multiply-adds.
/// </summary>
public sealed class FusedAdamKernelTests
{
    [Fact]
    public void TakesDenseContiguousCpuTensorsOfTheParametersFloatingDtype()
    {
        using var scope = torch.NewDisposeScope();
        var p = torch.randn(4, 3);
        var state = torch.zeros(4, 3);
        Assert.True(FusedAdamKernel.Takes(p, torch.randn(4, 3), state, state, null));
        Assert.True(FusedAdamKernel.Takes(p.to(ScalarType.Float64), torch.randn(4, 3, ScalarType.Float64), state.to(ScalarType.Float64), state.to(ScalarType.Float64), state.to(ScalarType.Float64)));
        Assert.False(FusedAdamKernel.Takes(torch.randn(3, 4).t(), torch.randn(4, 3), state, state, null)); // strided parameter
        Assert.False(FusedAdamKernel.Takes(p, torch.randn(3, 4).t(), state, state, null)); // strided gradient
        Assert.False(FusedAdamKernel.Takes(p, torch.randn(4, 3, ScalarType.Float64), state, state, null)); // gradient of another dtype
        Assert.False(FusedAdamKernel.Takes(p, torch.randn(4, 3), state, state, torch.zeros(3, 4))); // AMSGrad state of another shape
        Assert.False(FusedAdamKernel.Takes(p.to(ScalarType.Float16), torch.randn(4, 3).to(ScalarType.Float16), state.to(ScalarType.Float16), state.to(ScalarType.Float16), null));
    }

    public static TheoryData<bool, bool> Variants => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    [Theory]
    [MemberData(nameof(Variants))]
    public void AMixedParameterListGivesTheManagedLoopsResult(bool decoupled, bool amsgrad)
    {
        using var scope = torch.NewDisposeScope();
        var fused = Parameters();
        var loop = Parameters();
        var (fm, fv, fx) = (ZerosLike(fused), ZerosLike(fused), ZerosLike(fused));
        var (lm, lv, lx) = (ZerosLike(loop), ZerosLike(loop), ZerosLike(loop));
        for (var step = 1; step <= 3; step++)
        {
            SetGradients(fused, step);
            SetGradients(loop, step);
            if (decoupled)
            {
                FusedOptimizers.adamw_step(fused, fm, fv, step, 0.01, 0.9, 0.999, 1e-7, 0.1, amsgrad, amsgrad ? fx : null, allowFused: true);
                FusedOptimizers.adamw_step(loop, lm, lv, step, 0.01, 0.9, 0.999, 1e-7, 0.1, amsgrad, amsgrad ? lx : null, allowFused: false);
            }
            else
            {
                FusedOptimizers.adam_step(fused, fm, fv, step, 0.01, 0.9, 0.999, 1e-7, 0.1, amsgrad, amsgrad ? fx : null, allowFused: true);
                FusedOptimizers.adam_step(loop, lm, lv, step, 0.01, 0.9, 0.999, 1e-7, 0.1, amsgrad, amsgrad ? lx : null, allowFused: false);
            }
            for (var i = 0; i < fused.Length; i++)
            {
                TensorAssert.Close(loop[i], fused[i], what: $"step {step} parameter {i}");
                TensorAssert.Close(lm[i], fm[i], what: $"step {step} first moment {i}");
                TensorAssert.Close(lv[i], fv[i], what: $"step {step} second moment {i}");
                if (amsgrad) TensorAssert.Close(lx[i], fx[i], what: $"step {step} maximum {i}");
            }
        }
        Assert.Equal(Initial(4).data<float>().ToArray(), fused[4].data<float>().ToArray()); // no gradient: untouched
    }

    // A contiguous float32 matrix, a strided (transposed) one, a float64 vector, a matrix whose gradient is strided,
    // and a vector that never has a gradient.
    private static Tensor[] Parameters() => new[]
    {
        Initial(0),
        TestData.Randn(11, 5, 4).t().requires_grad_(),
        TestData.Randn(12, 6).to(ScalarType.Float64).requires_grad_(),
        Initial(3),
        Initial(4),
    };

    private static Tensor Initial(int index) => TestData.Randn(10 + index, 4, 5).requires_grad_();

    private static void SetGradients(Tensor[] ps, int step)
    {
        ps[0].grad = TestData.Randn(100 + step, 4, 5);
        ps[1].grad = TestData.Randn(200 + step, 4, 5);
        ps[2].grad = TestData.Randn(300 + step, 6).to(ScalarType.Float64);
        ps[3].grad = TestData.Randn(400 + step, 5, 4).t();
    }

    private static Tensor[] ZerosLike(Tensor[] ps) => ps.Select(p => torch.zeros_like(p).contiguous()).ToArray();
}
