using KerasNet.Optimizers;
using KerasNet.TestSupport;

namespace KerasNet.Tests.OptimizersTests;

/// <summary>
/// Adam and AdamW update contiguous float32 CPU variables through libtorch's fused kernel (<see cref="FusedAdamKernel"/>);
/// here the optimizer runs that path on some weights while the readable rule, <see cref="Adam.UpdateStep"/> (after
/// AdamW's decoupled decay), runs on copies of them with the same gradients, for several steps, and the weights and the
/// moments must agree. They compute the same float32 formula, but the kernel fuses multiply-adds and orders a few
/// operations differently, so they differ by float32 rounding: at most 4.5e-8 here (measured over these six steps,
/// on weights and moments of magnitude up to a few units; a few units in the last place, relatively larger only where a
/// value passes near zero). The tolerance, |diff| &lt;= 1e-6 + 1e-5·|expected|, leaves a margin of about 20 over that,
/// and the test checks that the weights moved by more than 1000 times atol, so a rule that differs fails it.
/// </summary>
public class AdamFusedPathTests
{
    private const int Steps = 6;
    private const double Rtol = 1e-5, Atol = 1e-6;

    public static TheoryData<bool, bool> Variants => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    [Theory]
    [MemberData(nameof(Variants))]
    public void TheFusedKernelAndTheReadableRuleAgreeStepByStep(bool adamW, bool amsgrad)
    {
        using var scope = torch.NewDisposeScope();
        using var holder = new VariableHolder();
        var shapes = new[] { new long[] { 8, 5 }, new long[] { 5 }, new long[] { 3, 4, 2 } };
        var variables = shapes.Select((shape, i) => holder.Add($"v{i}", TestData.Randn(20 + i, shape))).ToArray();
        const double learningRate = 0.01, decay = 0.05;
        Adam optimizer = adamW ? new AdamW(learningRate, weightDecay: decay, amsgrad: amsgrad) : new Adam(learningRate, amsgrad: amsgrad);
        optimizer.Build(variables);
        var weights = variables.Select(v => v.Value.detach().clone()).ToArray();
        var initial = variables.Select(v => v.Value.detach().clone()).ToArray();
        var m = weights.Select(w => torch.zeros_like(w)).ToArray();
        var v2 = weights.Select(w => torch.zeros_like(w)).ToArray();
        var vMax = weights.Select(w => amsgrad ? torch.zeros_like(w) : null).ToArray();
        for (var step = 1; step <= Steps; step++)
        {
            var gradients = shapes.Select((shape, i) => TestData.Randn(100 * step + i, shape)).ToArray();
            for (var i = 0; i < variables.Length; i++)
            {
                variables[i].Value.grad = gradients[i].clone();
                Assert.True(FusedAdamKernel.Takes(variables[i].Value, gradients[i], m[i], v2[i], vMax[i]), "the optimizer's variables go through the fused kernel");
            }
            optimizer.Apply();
            var torchEpsilon = optimizer.Epsilon / Math.Sqrt(1 - Math.Pow(optimizer.Beta2, step));
            using (torch.no_grad())
                for (var i = 0; i < weights.Length; i++)
                {
                    if (adamW) weights[i].mul_(1 - learningRate * decay);
                    Adam.UpdateStep(weights[i], gradients[i], m[i], v2[i], vMax[i], step, learningRate, optimizer.Beta1, optimizer.Beta2, torchEpsilon);
                }
            var state = optimizer.StateTensors().ToArray();
            for (var i = 0; i < weights.Length; i++)
            {
                TensorAssert.Close(weights[i], variables[i].Value, Rtol, Atol, $"step {step} weight {i}");
                TensorAssert.Close(m[i], state[i], Rtol, Atol, $"step {step} first moment {i}");
                TensorAssert.Close(v2[i], state[weights.Length + i], Rtol, Atol, $"step {step} second moment {i}");
                if (amsgrad) TensorAssert.Close(vMax[i]!, state[2 * weights.Length + i], Rtol, Atol, $"step {step} maximum {i}");
            }
        }
        // Each Adam step moves a weight by about the learning rate: a rule that differs anywhere exceeds the tolerance.
        for (var i = 0; i < weights.Length; i++)
            Assert.True((weights[i] - initial[i]).abs().mean().item<float>() > 1000 * Atol, $"weight {i} moved by less than 1000 × atol on average");
    }
}
