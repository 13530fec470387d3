using KerasNet.Layers;
using KerasNet.Serialization;
using KerasNet.TestSupport;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// BatchNormalization(synchronized: true) in one process: without a distribution it is the plain layer. The
/// synchronisation itself runs in two processes (Distributed/SynchronizedBatchNormProcessTests).
/// </summary>
public class SynchronizedBatchNormalizationTests
{
    private static (Tensor Output, Tensor InputGrad, Tensor[] WeightGrads, Tensor MovingMean, Tensor MovingVariance) TrainStep(bool synchronized, int axis, Tensor x)
    {
        var layer = new BatchNormalization(axis: axis, momentum: 0.9, synchronized: synchronized);
        using (torch.no_grad()) layer.Apply(x); // builds the weights (inference: the moving statistics stay as initialised)
        // Non-default gamma and beta so that their gradients and effect are not trivial.
        using (torch.no_grad())
        {
            layer.TrainableWeights[0].Value.copy_(torch.linspace(0.5, 1.5, x.size(axis < 0 ? x.dim() + axis : axis)));
            layer.TrainableWeights[1].Value.copy_(torch.linspace(-0.3, 0.3, x.size(axis < 0 ? x.dim() + axis : axis)));
        }
        var input = x.clone().requires_grad_();
        var output = layer.Apply(input, training: true);
        (output * output.detach().sin()).sum().backward();
        return (output.detach(), input.grad!, layer.TrainableWeights.Select(w => w.Value.grad!).ToArray(),
                layer.MovingMean.Value.clone(), layer.MovingVariance.Value.clone());
    }

    [Theory]
    [InlineData(1)]  // (batch, channels, h, w)
    [InlineData(-1)] // channels last: the moved-axis path
    public void WithoutADistributionSynchronizedTrainsBitwiseAsThePlainLayer(int axis)
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Randn(7, 4, 3, 5, 5) * 2 + 1;
        var plain = TrainStep(false, axis, x);
        var synchronized = TrainStep(true, axis, x);
        TensorAssert.Equal(plain.Output, synchronized.Output, "output");
        TensorAssert.Equal(plain.InputGrad, synchronized.InputGrad, "input gradient");
        for (var i = 0; i < plain.WeightGrads.Length; i++) TensorAssert.Equal(plain.WeightGrads[i], synchronized.WeightGrads[i], $"gradient of weight {i}");
        TensorAssert.Equal(plain.MovingMean, synchronized.MovingMean, "moving mean");
        TensorAssert.Equal(plain.MovingVariance, synchronized.MovingVariance, "moving variance");
        // The step did update the statistics (so the comparison above is not between two untouched initial values).
        Assert.True(plain.MovingMean.abs().max().item<float>() > 0.01f);
    }

    [Fact]
    public void SynchronizedIsInTheConfigAndRoundTrips()
    {
        Assert.False(new BatchNormalization().Synchronized);
        Assert.Equal(false, new BatchNormalization().GetConfig()["synchronized"]);
        using var layer = new BatchNormalization(synchronized: true, momentum: 0.9);
        var config = layer.GetConfig();
        Assert.Equal(true, config["synchronized"]);
        using var fromJson = KerasRegistry.FromConfig<Layer>("BatchNormalization", TestData.ParseJson(TestData.Json(config)));
        var recreated = Assert.IsType<BatchNormalization>(fromJson);
        Assert.True(recreated.Synchronized);
        Assert.Equal(0.9, recreated.Momentum);

        // A config saved before the argument existed loads as unsynchronised.
        config.Remove("synchronized");
        using var older = KerasRegistry.FromConfig<Layer>("BatchNormalization", TestData.ParseJson(TestData.Json(config)));
        Assert.False(Assert.IsType<BatchNormalization>(older).Synchronized);
    }
}
