using KerasNet.Applications;

namespace KerasNet.Tests.LayersTests;

public static partial class LayerCases
{
    // The blocks of the torchvision family (GoogLeNet, InceptionV3, ConvNeXt); channels-first only, as torchvision's weights.
    private static readonly IReadOnlyList<LayerCase> ApplicationBlocksCases = new List<LayerCase>
    {
        One("torch_pooling_2d_max_ceil", () => new TorchPooling2D("max", 3, 2, ceilMode: true), S(3, 6, 6), S(3, 3, 3)),
        One("torch_pooling_2d_max_padded_ceil", () => new TorchPooling2D("max", 3, 1, 1, ceilMode: true), S(3, 5, 4), S(3, 5, 4)),
        One("torch_pooling_2d_avg_count_pad", () => new TorchPooling2D("avg", 3, 1, 1), S(2, 5, 5), S(2, 5, 5)),
        One("inception_input_transform", () => new InceptionInputTransform(), S(3, 4, 4), S(3, 4, 4)),
        One("layer_scale", () => new LayerScale(0.5), S(6, 2, 3), S(6, 2, 3), 6),
    };
}
