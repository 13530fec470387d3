using KerasNet.Applications;
using KerasNet.Models;
using KerasNet.Torch.Tests;

namespace KerasNet.Tests.ApplicationsTests;

/// <summary>
/// Each application loads a state_dict that torchvision (Debian's python3-torchvision 0.14, fixed seed, random weights
/// with randomized BatchNorm statistics) saved with torch.save, and gives torchvision's eval-mode output on the same
/// 64x64 batch of two images. Tolerance (float32): |ours − torch| ≤ 1e-4 + 1e-4·|torch| per element, with outputs
/// of magnitude ~1-10 after tens of layers; a single wrong weight, layout or padding shifts them by far more.
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

    internal static void Check(string model, Func<Model> build, string? ioPath = null, string? folder = null)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var io = Safetensors.Load(ioPath ?? Path.Combine(folder ?? "", model + ".io.safetensors"));
        using var net = build();
        var output = net.Apply(io["input"]);
        TensorAssert.Close(io["output"], output, Rtol, Atol, $"{model} output vs torchvision");
    }

    private void Check(string model, Func<Model> build) => Check(model, build, fixtures.InputsOutputs(model));
}
