using TorchSharp;
using static TorchSharp.torch;

namespace KerasNet.TestSupport;

/// <summary>Runs a fixture case: forward output and gradients against PyTorch's. Shared by the test projects.</summary>
public static class Parity
{
    /// <summary>
    /// Calls <paramref name="op"/> on the case's inputs (<paramref name="inputCount"/> of them), compares the output, then
    /// backpropagates the stored upstream gradient and compares the gradient of each input the fixture holds.
    /// </summary>
    public static void Check(Fixture fx, string @case, int inputCount, Func<Tensor[], Tensor> op, double rtol = TensorAssert.Rtol, double atol = TensorAssert.Atol)
    {
        using var scope = NewDisposeScope();
        var inputs = new Tensor[inputCount];
        for (var i = 0; i < inputCount; i++)
            inputs[i] = fx.Input(@case, i, requiresGrad: fx.Has($"{@case}.grad{i}"));
        var output = op(inputs);
        TensorAssert.Close(fx[$"{@case}.out"], output, rtol, atol, $"{@case} output");
        if (!fx.Has($"{@case}.upstream")) return;
        output.backward(new[] { fx[$"{@case}.upstream"] });
        for (var i = 0; i < inputCount; i++)
        {
            if (!fx.Has($"{@case}.grad{i}")) continue;
            var grad = inputs[i].grad ?? throw new Xunit.Sdk.XunitException($"{@case}: input {i} received no gradient");
            TensorAssert.Close(fx[$"{@case}.grad{i}"], grad, rtol, atol, $"{@case} gradient of input {i}");
        }
    }
}
