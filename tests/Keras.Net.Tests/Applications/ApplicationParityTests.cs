using KerasNet.Applications;
using KerasNet.Models;
using KerasNet.TestSupport;

namespace KerasNet.Tests.ApplicationsTests;

/// <summary>
/// Each application loads a state_dict that torchvision (Debian's python3-torchvision 0.14, fixed seed, random weights
/// with randomized BatchNorm statistics) saved with torch.save, and gives torchvision's eval-mode output on the same
/// 64x64 batch of two images. Tolerance (float32): |ours − torch| ≤ 1e-4·m + 1e-4·|torch| per element, where m is the
/// mean |torch output| (0.05 to 100 across these random-weight models); a single wrong weight, layout or padding
/// shifts outputs by far more.
/// </summary>
public sealed class ApplicationParityTests : IClassFixture<GeneratedApplicationFixtures>
{
    private const double Rtol = 1e-4, Atol = 1e-4;
    private static readonly long[] Small = { 3, 64, 64 };
    private readonly GeneratedApplicationFixtures fixtures;

    public ApplicationParityTests(GeneratedApplicationFixtures fixtures) => this.fixtures = fixtures;

    [Fact]
    public void ResNet18MatchesTorchvision() =>
        Check("resnet18", () => ResNet.ResNet18(weights: fixtures.Weights("resnet18"), inputShape: Small, classifierActivation: null));

    [Fact]
    public void ResNet34MatchesTorchvision() =>
        Check("resnet34", () => ResNet.ResNet34(weights: fixtures.Weights("resnet34"), inputShape: Small, classifierActivation: null));

    [Fact]
    public void ResNet50MatchesTorchvision() =>
        Check("resnet50", () => ResNet.ResNet50(weights: fixtures.Weights("resnet50"), inputShape: Small, classifierActivation: null));

    [Fact]
    public void VGG16MatchesTorchvision() =>
        // The full classifier (25088-4096-4096-10): at 64x64 the features end at 2x2, which the 7x7 adaptive pooling
        // spreads to the 25088 inputs of classifier.0 exactly as torchvision's AdaptiveAvgPool2d does.
        Check("vgg16_c10", () => Vgg.VGG16(weights: fixtures.Weights("vgg16_c10"), inputShape: Small, classes: 10, classifierActivation: null));

    [Fact]
    public void MobileNetV2MatchesTorchvision() =>
        Check("mobilenet_v2", () => MobileNet.MobileNetV2(weights: fixtures.Weights("mobilenet_v2"), inputShape: Small, classifierActivation: null));

    [Fact]
    public void EfficientNetB0MatchesTorchvision() =>
        Check("efficientnet_b0", () => EfficientNet.EfficientNetB0(weights: fixtures.Weights("efficientnet_b0"), inputShape: Small, classifierActivation: null));

    [Fact]
    public void ViTB16MatchesTorchvision() =>
        Check("vit_b_16", () => VisionTransformer.ViTB16(weights: fixtures.Weights("vit_b_16"), inputShape: Small, classifierActivation: null));

    [Fact]
    public void ExportedWeightsLoadBackIntoTorchvisionAndGiveTheSameOutputs()
    {
        // Import (torch.save) → our model → Export (safetensors, PyTorch names and layouts) → torchvision's resnet18,
        // whose forward must reproduce torchvision's original output; exercises Dense transposition and BN names.
        using var model = ResNet.ResNet18(weights: fixtures.Weights("resnet18"), inputShape: Small, classifierActivation: null);
        var exported = Path.Combine(fixtures.Folder, "resnet18.exported.safetensors");
        KerasNet.Saving.StateDictMapping.Export(model, exported);
        var (code, output) = GeneratedApplicationFixtures.RunScript("--check-export", exported, "resnet18", fixtures.InputsOutputs("resnet18"));
        Assert.True(code == 0, output);
        Assert.Contains("outputs match", output);
    }

    [Fact]
    public void WithoutTopTheFileHeadIsSkippedAndPoolingGivesVectors()
    {
        using var scope = torch.NewDisposeScope();
        using var model = ResNet.ResNet18(includeTop: false, weights: fixtures.Weights("resnet18"), inputShape: Small, pooling: "avg");
        using var full = ResNet.ResNet18(weights: fixtures.Weights("resnet18"), inputShape: Small, classifierActivation: null);
        var x = torch.randn(new long[] { 2, 3, 64, 64 });
        var features = model.Apply(x);
        Assert.Equal(new long[] { 2, 512 }, features.shape);
        // The full model's logits are fc(features): the base carries exactly torchvision's backbone weights.
        var fc = (KerasNet.Layers.Dense)full.GetLayer("fc");
        TensorAssert.Close(full.Apply(x), fc.Apply(features), 1e-5, 1e-5);
    }

    internal static void Check(string model, Func<Model> build, string? ioPath = null, string? folder = null)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var io = Safetensors.Load(ioPath ?? Path.Combine(folder ?? "", model + ".io.safetensors"));
        using var net = build();
        var output = net.Apply(io["input"]);
        // Scale-aware absolute tolerance: the random-weight outputs range from ~0.05 (MobileNetV2) to ~100 (ResNet-50).
        var scale = io["output"].abs().mean().item<float>();
        TensorAssert.Close(io["output"], output, Rtol, Atol * Math.Max(scale, 1e-2), $"{model} output vs torchvision");
    }

    private void Check(string model, Func<Model> build) => Check(model, build, fixtures.InputsOutputs(model));
}
