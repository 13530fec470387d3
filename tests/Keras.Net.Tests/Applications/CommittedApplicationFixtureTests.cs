using KerasNet.Applications;

namespace KerasNet.Tests.ApplicationsTests;

/// <summary>
/// The committed fixture (no Python needed): torchvision's MobileNetV2 at width 0.35 with 10 classes, saved with
/// torch.save (1.8 MB), and its output on a 32x32 batch; tolerance as in <see cref="ApplicationParityTests"/>.
/// </summary>
public sealed class CommittedApplicationFixtureTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "fixtures", "torch");

    [Fact]
    public void MobileNetV2Width035LoadsFromTorchSaveAndMatchesTorchvision() =>
        ApplicationParityTests.Check("mobilenet_v2_035_c10",
            () => MobileNet.MobileNetV2(weights: Path.Combine(Folder, "mobilenet_v2_035_c10.pth"), inputShape: new long[] { 3, 32, 32 }, classes: 10, alpha: 0.35,
                                        classifierActivation: null),
            folder: Folder);
}
