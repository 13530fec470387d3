using KerasNet.Applications;
using KerasNet.TestSupport;

namespace KerasNet.Tests.ApplicationsTests;

/// <summary>Arguments, heads and weight names of the applications added with the torchvision family (no Python needed).</summary>
public sealed class TorchvisionFamilyTests
{
    private static readonly long[] Small = { 3, 64, 64 };

    [Fact]
    public void WithoutTopThePoolingGivesTheLastFeatureWidth()
    {
        using var scope = torch.NewDisposeScope();
        using var v3 = MobileNetV3.MobileNetV3Small(includeTop: false, inputShape: Small, pooling: "avg");
        Assert.Equal(new long?[] { null, 576 }, v3.Outputs![0].Shape.Dims);
        using var convnext = ConvNeXt.ConvNeXtTiny(includeTop: false, inputShape: Small);
        Assert.Equal(new long?[] { null, 768, 2, 2 }, convnext.Outputs![0].Shape.Dims);
        using var inception = Inception.InceptionV3(includeTop: false, inputShape: new long[] { 3, 75, 75 }, pooling: "max");
        Assert.Equal(new long?[] { null, 2048 }, inception.Outputs![0].Shape.Dims);
        using var top = EfficientNetV2.EfficientNetV2S(inputShape: new long[] { 3, 32, 32 }, classes: 3);
        var probabilities = top.Apply(torch.randn(new long[] { 2, 3, 32, 32 }));
        TensorAssert.Close(torch.ones(new long[] { 2 }), probabilities.sum(new long[] { 1 }), 1e-5, 1e-5);
    }

    [Fact]
    public void ImagenetWeightsTurnOnTorchvisionsInputTransformOnlyWhenAsked()
    {
        using var plain = Inception.GoogLeNet(inputShape: Small);
        Assert.DoesNotContain(plain.Layers, l => l is InceptionInputTransform);
        using var transformed = Inception.GoogLeNet(inputShape: Small, transformInput: true);
        Assert.Contains(transformed.Layers, l => l is InceptionInputTransform);
    }

    [Fact]
    public void AlexNetNeedsAtLeast63PixelsAndPoolsTo256Features()
    {
        using var scope = torch.NewDisposeScope();
        using var alexnet = AlexNets.AlexNet(includeTop: false, inputShape: new long[] { 3, 63, 63 }, pooling: "avg");
        Assert.Equal(new long?[] { null, 256 }, alexnet.Outputs![0].Shape.Dims);
        var small = Assert.Throws<ArgumentException>(() => AlexNets.AlexNet(inputShape: new long[] { 3, 62, 62 }));
        Assert.Contains("at least 63x63; received 62x62", small.Message);
    }

    [Fact]
    public void BadArgumentsSayWhatWasReceived()
    {
        var e1 = Assert.Throws<ArgumentException>(() => Inception.InceptionV3(inputShape: new long[] { 3, 64, 64 }));
        Assert.Contains("at least 75x75; received 64x64", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => MobileNetV3.MobileNetV3Large(weights: "imagenet", alpha: 0.75));
        Assert.Contains("alpha 1.0 only; received alpha 0.75", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => ConvNeXt.ConvNeXtBase(weights: "imagenet", classes: 10));
        Assert.Contains("needs classes: 1000 (received 10)", e3.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TorchPooling2D("max", 3, 2, padding: 2));
        Assert.Contains("\"median\"", Assert.Throws<ArgumentException>(() => new TorchPooling2D("median", 3, 2)).Message);
    }

    [Theory]
    [InlineData("resnet101", "resnet101-63fe2227.pth")]
    [InlineData("resnext101_64x4d", "resnext101_64x4d-173b62eb.pth")]
    [InlineData("wide_resnet50_2", "wide_resnet50_2-95faca4d.pth")]
    [InlineData("vgg19_bn", "vgg19_bn-c79401a0.pth")]
    [InlineData("mobilenet_v3_small", "mobilenet_v3_small-047dcff4.pth")]
    [InlineData("inception_v3", "inception_v3_google-0cc3c7bd.pth")]
    [InlineData("googlenet", "googlenet-1378be20.pth")]
    [InlineData("convnext_large", "convnext_large-ea097f82.pth")]
    [InlineData("efficientnet_v2_l", "efficientnet_v2_l-59c71312.pth")]
    public void ImagenetNamesAreTorchvisionsFiles(string model, string file) =>
        Assert.Equal("https://download.pytorch.org/models/" + file, PretrainedWeights.Urls[model]);

    [Fact]
    public void TorchPoolingInCeilModeKeepsTheLastPartialWindowAsPyTorch()
    {
        // 6 → ceil((6 − 3) / 2) + 1 = 3 windows (floor mode: 2); the last covers only columns 4 and 5.
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(36, dtype: torch.float32).reshape(1, 1, 6, 6);
        var y = new TorchPooling2D("max", 3, 2, ceilMode: true).Apply(x);
        Assert.Equal(new long[] { 1, 1, 3, 3 }, y.shape);
        Assert.Equal(35f, y[0, 0, 2, 2].item<float>());
        Assert.Equal(17f, y[0, 0, 0, 2].item<float>());
    }
}
