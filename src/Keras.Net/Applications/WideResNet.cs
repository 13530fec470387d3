using KerasNet.Models;

namespace KerasNet.Applications;

/// <summary>
/// Wide ResNet as torchvision builds it: ResNet-50/101 whose bottleneck 3x3 convolutions are twice as wide
/// (the outer 1x1 convolutions keep ResNet's width), with torchvision's layer names and weight files.
/// </summary>
public static class WideResNet
{
    /// <summary>Wide ResNet-50-2 (blocks 3-4-6-3).</summary>
    /// <param name="includeTop">Whether to end with global average pooling and the <c>fc</c> layer.</param>
    /// <param name="weights">null, "imagenet" (torchvision's wide_resnet50_2 IMAGENET1K_V1 file) or the path of a state_dict file (.pth or .safetensors).</param>
    /// <param name="inputShape">(3, height, width), channels-first; default (3, 224, 224); at least 32x32.</param>
    /// <param name="pooling">Without the top: null, "avg" or "max".</param>
    /// <param name="classes">Outputs of the top.</param>
    /// <param name="classifierActivation">"softmax" (default) or null/"linear" for logits.</param>
    /// <param name="name">The model's name.</param>
    public static Model WideResNet50_2(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                       string? classifierActivation = "softmax", string name = "wide_resnet50_2") =>
        ResNet.Build("WideResNet50_2", "wide_resnet50_2", new[] { 3, 4, 6, 3 }, bottleneck: true, includeTop, weights, inputShape, pooling, classes,
                     classifierActivation, name, widthPerGroup: 128);

    /// <summary>Wide ResNet-101-2 (blocks 3-4-23-3). Arguments as <see cref="WideResNet50_2"/>.</summary>
    public static Model WideResNet101_2(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                        string? classifierActivation = "softmax", string name = "wide_resnet101_2") =>
        ResNet.Build("WideResNet101_2", "wide_resnet101_2", new[] { 3, 4, 23, 3 }, bottleneck: true, includeTop, weights, inputShape, pooling, classes,
                     classifierActivation, name, widthPerGroup: 128);

    /// <summary>See <see cref="ImageNet.PreprocessInput"/>.</summary>
    public static Tensor PreprocessInput(Tensor images) => ImageNet.PreprocessInput(images);

    /// <summary>See <see cref="ImageNet.DecodePredictions"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(Tensor predictions, int top = 5) => ImageNet.DecodePredictions(predictions, top);
}
