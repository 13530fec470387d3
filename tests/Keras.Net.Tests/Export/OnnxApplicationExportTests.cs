using KerasNet.Applications;

namespace KerasNet.Tests.Export;

/// <summary>ResNet-18 and MobileNetV2 (random weights, small inputs) exported and matched in ONNX Runtime.</summary>
public class OnnxApplicationExportTests
{
    [Fact]
    public void ResNet18Matches()
    {
        torch.manual_seed(11);
        var model = ResNet.ResNet18(inputShape: new long[] { 3, 32, 32 }, classes: 10);
        OnnxRuntimeCheck.RandomizeStatistics(model);
        OnnxRuntimeCheck.AssertMatches(model, new[] { torch.randn(1, 3, 32, 32) }, new[] { torch.randn(2, 3, 32, 32) });
    }

    [Fact]
    public void MobileNetV2Matches()
    {
        torch.manual_seed(12);
        var model = MobileNet.MobileNetV2(inputShape: new long[] { 3, 32, 32 }, classes: 10, alpha: 0.35);
        OnnxRuntimeCheck.RandomizeStatistics(model);
        OnnxRuntimeCheck.AssertMatches(model, new[] { torch.randn(1, 3, 32, 32) }, new[] { torch.randn(2, 3, 32, 32) });
    }
}
