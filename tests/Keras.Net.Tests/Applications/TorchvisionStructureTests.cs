using System.Text.Json;
using KerasNet.Applications;
using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Saving;

namespace KerasNet.Tests.ApplicationsTests;

/// <summary>
/// Every application's PyTorch state_dict keys and shapes equal torchvision 0.14's, key for key (the committed
/// fixtures/torch/application_structures.json, written by generate_application_fixtures.py --structures; BatchNorm's
/// num_batches_tracked left out, as Keras.Net keeps none): a torchvision file then loads with strict matching. The
/// architectures whose logits are not compared in <see cref="TorchvisionFamilyParityTests"/> differ from a compared
/// one only in block counts and widths, which this checks.
/// </summary>
public sealed class TorchvisionStructureTests
{
    private static readonly long[] Small = { 3, 64, 64 };

    private static readonly Lazy<Dictionary<string, List<(string Key, long[] Shape)>>> Structures = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "torch", "application_structures.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateObject().ToDictionary(
            model => model.Name,
            model => model.Value.EnumerateArray()
                          .Select(entry => (entry[0].GetString()!, entry[1].EnumerateArray().Select(d => d.GetInt64()).ToArray())).ToList());
    });

    public static TheoryData<string> Names => new(Structures.Value.Keys.Order());

    [Theory]
    [MemberData(nameof(Names))]
    public void StateDictKeysAndShapesEqualTorchvision(string torchvisionName)
    {
        using var model = Build(torchvisionName);
        var ours = StateDictMapping.TorchKeys(model).ToDictionary(k => k.Key, k => TorchShape(k.Weight));
        var theirs = Structures.Value[torchvisionName];
        Assert.Equal(theirs.Select(t => t.Key).Order(StringComparer.Ordinal), ours.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, shape) in theirs) Assert.True(shape.SequenceEqual(ours[key]), $"{torchvisionName} {key}: torchvision ({string.Join(", ", shape)}), ours ({string.Join(", ", ours[key])})");
    }

    private static long[] TorchShape(Variable weight) =>
        weight.Owner is Dense && weight.Name == "kernel" ? weight.Shape.Reverse().ToArray() : weight.Shape;

    private static Model Build(string name) => name switch
    {
        "resnet101" => ResNet.ResNet101(inputShape: Small),
        "resnet152" => ResNet.ResNet152(inputShape: Small),
        "resnext101_32x8d" => ResNeXt.ResNeXt101_32x8d(inputShape: Small),
        "resnext101_64x4d" => ResNeXt.ResNeXt101_64x4d(inputShape: Small),
        "wide_resnet50_2" => WideResNet.WideResNet50_2(inputShape: Small),
        "wide_resnet101_2" => WideResNet.WideResNet101_2(inputShape: Small),
        "vgg11" => Vgg.VGG11(inputShape: Small),
        "vgg13" => Vgg.VGG13(inputShape: Small),
        "vgg13_bn" => Vgg.VGG13BN(inputShape: Small),
        "vgg16_bn" => Vgg.VGG16BN(inputShape: Small),
        "vgg19_bn" => Vgg.VGG19BN(inputShape: Small),
        "googlenet" => Inception.GoogLeNet(inputShape: Small),
        "alexnet" => AlexNets.AlexNet(inputShape: Small),
        "inception_v3" => Inception.InceptionV3(inputShape: new long[] { 3, 75, 75 }),
        "mobilenet_v3_small" => MobileNetV3.MobileNetV3Small(inputShape: Small),
        "mobilenet_v3_large" => MobileNetV3.MobileNetV3Large(inputShape: Small),
        "convnext_tiny" => ConvNeXt.ConvNeXtTiny(inputShape: Small),
        "convnext_small" => ConvNeXt.ConvNeXtSmall(inputShape: Small),
        "convnext_base" => ConvNeXt.ConvNeXtBase(inputShape: Small),
        "convnext_large" => ConvNeXt.ConvNeXtLarge(inputShape: Small),
        "efficientnet_v2_s" => EfficientNetV2.EfficientNetV2S(inputShape: Small),
        "efficientnet_v2_m" => EfficientNetV2.EfficientNetV2M(inputShape: Small),
        "efficientnet_v2_l" => EfficientNetV2.EfficientNetV2L(inputShape: Small),
        _ => throw new ArgumentException($"no builder for {name}", nameof(name)),
    };
}
