using KerasNet.Applications;

namespace KerasNet.Tests.ApplicationsTests;

/// <summary>
/// torchvision parity of the applications TorchSharp's TorchVision also builds (ResNeXt, MobileNetV3, GoogLeNet,
/// InceptionV3, VGG with and without BatchNorm, AlexNet) and of ConvNeXt and EfficientNetV2: random torchvision weights with randomized BatchNorm statistics,
/// saved with torch.save and loaded strictly, and torchvision's eval-mode logits on a batch of two images, at the
/// tolerance of <see cref="ApplicationParityTests"/>. The VGG rows compare the <c>features</c> output (their
/// classifier is the one of VGG-16, checked there); GoogLeNet's and InceptionV3's files keep their auxiliary
/// classifiers, which must be skipped.
/// </summary>
public sealed class TorchvisionFamilyParityTests : IClassFixture<TorchvisionFamilyFixtures>
{
    private static readonly long[] Small = { 3, 64, 64 };
    private readonly TorchvisionFamilyFixtures fixtures;

    public TorchvisionFamilyParityTests(TorchvisionFamilyFixtures fixtures) => this.fixtures = fixtures;

    [Fact]
    public void ResNeXt50MatchesTorchvision() =>
        Check("resnext50_32x4d", () => ResNeXt.ResNeXt50_32x4d(weights: fixtures.Weights("resnext50_32x4d"), inputShape: Small, classifierActivation: null));

    [Fact]
    public void MobileNetV3SmallMatchesTorchvision() =>
        Check("mobilenet_v3_small", () => MobileNetV3.MobileNetV3Small(weights: fixtures.Weights("mobilenet_v3_small"), inputShape: Small, classifierActivation: null));

    [Fact]
    public void MobileNetV3LargeMatchesTorchvision() =>
        Check("mobilenet_v3_large", () => MobileNetV3.MobileNetV3Large(weights: fixtures.Weights("mobilenet_v3_large"), inputShape: Small, classifierActivation: null));

    [Fact]
    public void GoogLeNetWithTransformedInputMatchesTorchvision() =>
        Check("googlenet", () => Inception.GoogLeNet(weights: fixtures.Weights("googlenet"), inputShape: Small, transformInput: true, classifierActivation: null));

    [Fact]
    public void InceptionV3AtItsSmallestInputMatchesTorchvision() =>
        Check("inception_v3", () => Inception.InceptionV3(weights: fixtures.Weights("inception_v3"), inputShape: new long[] { 3, 75, 75 }, classifierActivation: null));

    [Fact]
    public void VGG11BNFeaturesMatchTorchvision() =>
        Check("vgg11_bn", () => Vgg.VGG11BN(includeTop: false, weights: fixtures.Weights("vgg11_bn"), inputShape: Small));

    [Fact]
    public void VGG19FeaturesMatchTorchvision() =>
        Check("vgg19", () => Vgg.VGG19(includeTop: false, weights: fixtures.Weights("vgg19"), inputShape: Small));

    [Fact]
    public void ConvNeXtTinyMatchesTorchvision() =>
        // Layer scales drawn in [0.25, 0.75] (torchvision starts them at 1e-6, which would hide the blocks).
        Check("convnext_tiny", () => ConvNeXt.ConvNeXtTiny(weights: fixtures.Weights("convnext_tiny"), inputShape: Small, classifierActivation: null));

    [Fact]
    public void EfficientNetV2SMatchesTorchvision() =>
        Check("efficientnet_v2_s", () => EfficientNetV2.EfficientNetV2S(weights: fixtures.Weights("efficientnet_v2_s"), inputShape: Small, classifierActivation: null));

    [Fact]
    public void AlexNetMatchesTorchvision() =>
        // The full classifier with 10 classes; 64x64 images end 1x1 after the features, replicated to 6x6.
        Check("alexnet_c10", () => AlexNets.AlexNet(weights: fixtures.Weights("alexnet_c10"), inputShape: Small, classes: 10, classifierActivation: null));

    [Fact]
    public void GoogLeNetWithoutTransformGivesOtherLogits()
    {
        // The transform is part of the checked path: without it the same weights give clearly different logits.
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var io = Safetensors.Load(fixtures.InputsOutputs("googlenet"));
        using var plain = Inception.GoogLeNet(weights: fixtures.Weights("googlenet"), inputShape: Small, classifierActivation: null);
        Assert.Null(plain.Layers.FirstOrDefault(l => l is InceptionInputTransform));
        var difference = (plain.Apply(io["input"]) - io["output"]).abs().max().ToDouble();
        Assert.True(difference > 1e-2 * io["output"].abs().mean().ToDouble(), $"max difference {difference}");
    }

    private void Check(string model, Func<KerasNet.Models.Model> build) => ApplicationParityTests.Check(model, build, fixtures.InputsOutputs(model));
}
