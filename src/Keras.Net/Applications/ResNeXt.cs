using KerasNet.Models;

namespace KerasNet.Applications;

/// <summary>
/// ResNeXt as torchvision builds it: ResNet-50/101 bottlenecks whose 3x3 convolution is split into groups
/// (<c>32x4d</c>: 32 groups of 4 channels per 64 planes), with torchvision's layer names and weight files.
/// </summary>
public static class ResNeXt
{
    /// <summary>ResNeXt-50 32x4d (blocks 3-4-6-3). Arguments as <see cref="ResNet.ResNet18"/>.</summary>
    /// <param name="includeTop">Whether to end with global average pooling and the <c>fc</c> layer.</param>
    /// <param name="weights">null, "imagenet" (torchvision's resnext50_32x4d IMAGENET1K_V1 file) or the path of a state_dict file (.pth or .safetensors).</param>
    /// <param name="inputShape">(3, height, width), channels-first; default (3, 224, 224); at least 32x32.</param>
    /// <param name="pooling">Without the top: null, "avg" or "max".</param>
    /// <param name="classes">Outputs of the top.</param>
    /// <param name="classifierActivation">"softmax" (default) or null/"linear" for logits.</param>
    /// <param name="name">The model's name.</param>
    public static Model ResNeXt50_32x4d(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                        string? classifierActivation = "softmax", string name = "resnext50_32x4d") =>
        ResNet.Build("ResNeXt50_32x4d", "resnext50_32x4d", new[] { 3, 4, 6, 3 }, bottleneck: true, includeTop, weights, inputShape, pooling, classes,
                     classifierActivation, name, groups: 32, widthPerGroup: 4);

    /// <summary>ResNeXt-101 32x8d (blocks 3-4-23-3). Arguments as <see cref="ResNeXt50_32x4d"/>.</summary>
    public static Model ResNeXt101_32x8d(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                         string? classifierActivation = "softmax", string name = "resnext101_32x8d") =>
        ResNet.Build("ResNeXt101_32x8d", "resnext101_32x8d", new[] { 3, 4, 23, 3 }, bottleneck: true, includeTop, weights, inputShape, pooling, classes,
                     classifierActivation, name, groups: 32, widthPerGroup: 8);

    /// <summary>ResNeXt-101 64x4d (blocks 3-4-23-3). Arguments as <see cref="ResNeXt50_32x4d"/>.</summary>
    public static Model ResNeXt101_64x4d(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                         string? classifierActivation = "softmax", string name = "resnext101_64x4d") =>
        ResNet.Build("ResNeXt101_64x4d", "resnext101_64x4d", new[] { 3, 4, 23, 3 }, bottleneck: true, includeTop, weights, inputShape, pooling, classes,
                     classifierActivation, name, groups: 64, widthPerGroup: 4);

    /// <summary>See <see cref="ImageNet.PreprocessInput"/>.</summary>
    public static Tensor PreprocessInput(Tensor images) => ImageNet.PreprocessInput(images);

    /// <summary>See <see cref="ImageNet.DecodePredictions"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(Tensor predictions, int top = 5) => ImageNet.DecodePredictions(predictions, top);
}
