namespace KerasNet.Tests.ApplicationsTests;

/// <summary>The generator's weights and outputs for the applications added after the first seven (see <see cref="TorchvisionFamilyParityTests"/>).</summary>
public sealed class TorchvisionFamilyFixtures : GeneratedApplicationFixtures
{
    public const string Models = "resnext50_32x4d,mobilenet_v3_small,mobilenet_v3_large,googlenet,inception_v3,vgg11_bn,vgg19,convnext_tiny,efficientnet_v2_s,alexnet_c10";

    public TorchvisionFamilyFixtures() : base(new[] { "--only", Models }) { }
}
