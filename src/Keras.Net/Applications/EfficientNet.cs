using KerasNet.Layers;
using KerasNet.Models;
using static KerasNet.Applications.TorchBlocks;

namespace KerasNet.Applications;

/// <summary>EfficientNet-B0 as torchvision builds it (MBConv blocks with squeeze-and-excitation, SiLU), with torchvision's layer names.</summary>
public static class EfficientNet
{
    // (expansion, kernel, stride, input channels, output channels, layers), torchvision's B0 setting.
    private static readonly (int Expand, int Kernel, int Stride, int In, int Out, int Layers)[] Setting =
    {
        (1, 3, 1, 32, 16, 1), (6, 3, 2, 16, 24, 2), (6, 5, 2, 24, 40, 2), (6, 3, 2, 40, 80, 3),
        (6, 5, 1, 80, 112, 3), (6, 5, 2, 112, 192, 4), (6, 3, 1, 192, 320, 1),
    };

    /// <summary>EfficientNet-B0. Stochastic depth (a training-time regularizer of torchvision's) is not applied; inference is identical.</summary>
    /// <param name="includeTop">Whether to end with global average pooling, dropout 0.2 and the <c>classifier.1</c> Dense layer.</param>
    /// <param name="weights">null, "imagenet" or the path of a state_dict file (.pth or .safetensors).</param>
    /// <param name="inputShape">(3, height, width), channels-first; default (3, 224, 224); at least 32x32.</param>
    /// <param name="pooling">Without the top: null, "avg" or "max".</param>
    /// <param name="classes">Outputs of the top.</param>
    /// <param name="classifierActivation">"softmax" (default) or null/"linear" for logits.</param>
    /// <param name="name">The model's name.</param>
    public static Model EfficientNetB0(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                       string? classifierActivation = "softmax", string name = "efficientnet_b0")
    {
        var shape = ApplicationOptions.Validate("EfficientNetB0", includeTop, weights, inputShape, pooling, classes, 224, 32);
        var input = Keras.Input(shape, name: "input");
        var x = ConvNormAct(input, "features.0", 32, 3, 2, activation: "silu");
        for (var stage = 0; stage < Setting.Length; stage++)
        {
            var (expand, kernel, stride, inputChannels, outputChannels, layers) = Setting[stage];
            for (var i = 0; i < layers; i++)
            {
                x = MBConv(x, $"features.{stage + 1}.{i}", i == 0 ? inputChannels : outputChannels, outputChannels, expand, kernel, i == 0 ? stride : 1);
            }
        }
        x = ConvNormAct(x, "features.8", 4 * 320, 1, activation: "silu");
        x = includeTop ? ApplicationOptions.PooledClassifier(x, classes, classifierActivation, "classifier.1", dropout: 0.2) : ApplicationOptions.Pool(x, pooling);
        return ApplicationOptions.ModelWithWeights(input, x, name, weights, "efficientnet_b0", includeTop, "classifier.");
    }

    /// <summary>torchvision's MBConv block (shared with <see cref="EfficientNetV2"/>, whose BatchNorm epsilon is 1e-3).</summary>
    internal static KerasTensor MBConv(KerasTensor input, string prefix, long inputChannels, long outputChannels, int expand, int kernel, int stride,
                                       double epsilon = 1e-5)
    {
        var expanded = MakeDivisible(inputChannels * (double)expand);
        var x = input;
        var j = 0;
        if (expanded != inputChannels) x = ConvNormAct(x, $"{prefix}.block.{j++}", expanded, 1, activation: "silu", epsilon: epsilon);
        x = ConvNormAct(x, $"{prefix}.block.{j++}", expanded, kernel, stride, groups: expanded, activation: "silu", epsilon: epsilon);
        // Squeeze and excitation: per-channel weights from the global average, through two 1x1 convolutions.
        var se = $"{prefix}.block.{j++}";
        var scale = new GlobalAveragePooling2D(dataFormat: "channels_first", keepdims: true, name: se + ".avgpool").Apply(x);
        scale = Conv(scale, se + ".fc1", Math.Max(1, inputChannels / 4), 1, bias: true, activation: "silu");
        scale = Conv(scale, se + ".fc2", expanded, 1, bias: true, activation: "sigmoid");
        x = new Multiply(name: se + ".scale").Apply(x, scale);
        x = ConvNormAct(x, $"{prefix}.block.{j}", outputChannels, 1, activation: null, epsilon: epsilon);
        return stride == 1 && inputChannels == outputChannels ? new Add(name: prefix + ".add").Apply(x, input) : x;
    }

    /// <summary>See <see cref="ImageNet.PreprocessInput"/>.</summary>
    public static Tensor PreprocessInput(Tensor images) => ImageNet.PreprocessInput(images);

    /// <summary>See <see cref="ImageNet.DecodePredictions"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(Tensor predictions, int top = 5) => ImageNet.DecodePredictions(predictions, top);
}
