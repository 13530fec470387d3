using KerasNet.Layers;
using KerasNet.Models;
using static KerasNet.Applications.TorchBlocks;

namespace KerasNet.Applications;

/// <summary>
/// ResNet-18, -34, -50, -101 and -152 as torchvision builds them (ResNet v1.5: a bottleneck's stride sits on its 3x3
/// convolution), with layer names equal to torchvision's module names, so its state_dicts load directly.
/// </summary>
public static class ResNet
{
    /// <summary>ResNet-18 (basic blocks 2-2-2-2).</summary>
    /// <param name="includeTop">Whether to end with the 1000-way (or <paramref name="classes"/>-way) <c>fc</c> layer after global average pooling.</param>
    /// <param name="weights">null (random initialization), "imagenet" (torchvision's weights, downloaded once) or the path of a state_dict file (.pth from torch.save, or .safetensors).</param>
    /// <param name="inputShape">(3, height, width), channels-first; default (3, 224, 224). Any size of at least 32 works without the top or with it.</param>
    /// <param name="pooling">Without the top: null (the last feature map), "avg" or "max" (global pooling to a vector).</param>
    /// <param name="classes">Outputs of the top.</param>
    /// <param name="classifierActivation">Activation of the top: "softmax" (Keras's default) or null/"linear" for logits (torchvision's output).</param>
    /// <param name="name">The model's name.</param>
    public static Model ResNet18(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                 string? classifierActivation = "softmax", string name = "resnet18") =>
        Build("ResNet18", "resnet18", new[] { 2, 2, 2, 2 }, bottleneck: false, includeTop, weights, inputShape, pooling, classes, classifierActivation, name);

    /// <summary>ResNet-34 (basic blocks 3-4-6-3). Arguments as <see cref="ResNet18"/>.</summary>
    public static Model ResNet34(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                 string? classifierActivation = "softmax", string name = "resnet34") =>
        Build("ResNet34", "resnet34", new[] { 3, 4, 6, 3 }, bottleneck: false, includeTop, weights, inputShape, pooling, classes, classifierActivation, name);

    /// <summary>ResNet-50 (bottleneck blocks 3-4-6-3). Arguments as <see cref="ResNet18"/>.</summary>
    public static Model ResNet50(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                 string? classifierActivation = "softmax", string name = "resnet50") =>
        Build("ResNet50", "resnet50", new[] { 3, 4, 6, 3 }, bottleneck: true, includeTop, weights, inputShape, pooling, classes, classifierActivation, name);

    /// <summary>ResNet-101 (bottleneck blocks 3-4-23-3). Arguments as <see cref="ResNet18"/>.</summary>
    public static Model ResNet101(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                  string? classifierActivation = "softmax", string name = "resnet101") =>
        Build("ResNet101", "resnet101", new[] { 3, 4, 23, 3 }, bottleneck: true, includeTop, weights, inputShape, pooling, classes, classifierActivation, name);

    /// <summary>ResNet-152 (bottleneck blocks 3-8-36-3). Arguments as <see cref="ResNet18"/>.</summary>
    public static Model ResNet152(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                  string? classifierActivation = "softmax", string name = "resnet152") =>
        Build("ResNet152", "resnet152", new[] { 3, 8, 36, 3 }, bottleneck: true, includeTop, weights, inputShape, pooling, classes, classifierActivation, name);

    /// <summary>Scales images in [0, 1] with torchvision's ImageNet mean and standard deviation (see <see cref="ImageNet.PreprocessInput"/>).</summary>
    public static Tensor PreprocessInput(Tensor images) => ImageNet.PreprocessInput(images);

    /// <summary>The top classes of ImageNet predictions (see <see cref="ImageNet.DecodePredictions"/>).</summary>
    public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(Tensor predictions, int top = 5) => ImageNet.DecodePredictions(predictions, top);

    /// <summary>
    /// Builds the network; <paramref name="groups"/> and <paramref name="widthPerGroup"/> set a bottleneck's 3x3
    /// convolution as torchvision does (ResNeXt: 32 groups of 4 or 8 channels; Wide ResNet: one group of 128).
    /// </summary>
    internal static Model Build(string application, string torchName, int[] blocks, bool bottleneck, bool includeTop, string? weights, long[]? inputShape,
                                string? pooling, int classes, string? classifierActivation, string name, int groups = 1, int widthPerGroup = 64)
    {
        var shape = ApplicationOptions.Validate(application, includeTop, weights, inputShape, pooling, classes, 224, 32);
        var input = Keras.Input(shape, name: "input");
        var x = Conv(input, "conv1", 64, 7, 2, 3);
        x = BatchNorm(x, "bn1");
        x = Act(x, "relu", "relu");
        // Max pooling with PyTorch's padding 1: the input is a ReLU output (>= 0), so zero padding gives the same maxima.
        x = new ZeroPadding2D(1, dataFormat: "channels_first", name: "maxpool_pad").Apply(x);
        x = new MaxPooling2D(3, 2, dataFormat: "channels_first", name: "maxpool").Apply(x);
        long inplanes = 64;
        for (var stage = 0; stage < 4; stage++)
        {
            var planes = 64L << stage;
            for (var b = 0; b < blocks[stage]; b++)
            {
                var stride = stage > 0 && b == 0 ? 2 : 1;
                var prefix = $"layer{stage + 1}.{b}";
                x = bottleneck ? Bottleneck(x, prefix, inplanes, planes, stride, planes * widthPerGroup / 64 * groups, groups)
                               : Basic(x, prefix, inplanes, planes, stride);
                inplanes = planes * (bottleneck ? 4 : 1);
            }
        }
        x = includeTop ? ApplicationOptions.PooledClassifier(x, classes, classifierActivation, "fc") : ApplicationOptions.Pool(x, pooling);
        return ApplicationOptions.ModelWithWeights(input, x, name, weights, torchName, includeTop, "fc.");
    }

    private static KerasTensor Basic(KerasTensor input, string prefix, long inplanes, long planes, int stride)
    {
        var x = Conv(input, prefix + ".conv1", planes, 3, stride, 1);
        x = BatchNorm(x, prefix + ".bn1");
        x = Act(x, "relu", prefix + ".relu1");
        x = Conv(x, prefix + ".conv2", planes, 3, 1, 1);
        x = BatchNorm(x, prefix + ".bn2");
        return Merge(input, x, prefix, inplanes, planes, stride);
    }

    private static KerasTensor Bottleneck(KerasTensor input, string prefix, long inplanes, long planes, int stride, long width, int groups)
    {
        var x = Conv(input, prefix + ".conv1", width, 1);
        x = BatchNorm(x, prefix + ".bn1");
        x = Act(x, "relu", prefix + ".relu1");
        x = Conv(x, prefix + ".conv2", width, 3, stride, 1, groups);
        x = BatchNorm(x, prefix + ".bn2");
        x = Act(x, "relu", prefix + ".relu2");
        x = Conv(x, prefix + ".conv3", planes * 4, 1);
        x = BatchNorm(x, prefix + ".bn3");
        return Merge(input, x, prefix, inplanes, planes * 4, stride);
    }

    private static KerasTensor Merge(KerasTensor input, KerasTensor residual, string prefix, long inplanes, long outplanes, int stride)
    {
        var shortcut = input;
        if (stride != 1 || inplanes != outplanes)
        {
            shortcut = Conv(input, prefix + ".downsample.0", outplanes, 1, stride);
            shortcut = BatchNorm(shortcut, prefix + ".downsample.1");
        }
        var sum = new Add(name: prefix + ".add").Apply(residual, shortcut);
        return Act(sum, "relu", prefix + ".relu");
    }
}
