using KerasNet.Models;
using static KerasNet.Applications.TorchBlocks;

namespace KerasNet.Applications;

/// <summary>
/// EfficientNetV2-S, -M and -L as torchvision builds them (Fused-MBConv stages, then MBConv stages with
/// squeeze-and-excitation; SiLU; BatchNorm epsilon 1e-3), with torchvision's layer names, so torchvision's
/// state_dicts load directly. Stochastic depth (a training-time regularizer) is not applied; inference is identical.
/// </summary>
public static class EfficientNetV2
{
    // (fused, expansion, kernel, stride, input channels, output channels, layers): torchvision's settings.
    private static readonly (bool Fused, int Expand, int Kernel, int Stride, int In, int Out, int Layers)[] S =
    {
        (true, 1, 3, 1, 24, 24, 2), (true, 4, 3, 2, 24, 48, 4), (true, 4, 3, 2, 48, 64, 4),
        (false, 4, 3, 2, 64, 128, 6), (false, 6, 3, 1, 128, 160, 9), (false, 6, 3, 2, 160, 256, 15),
    };

    private static readonly (bool Fused, int Expand, int Kernel, int Stride, int In, int Out, int Layers)[] M =
    {
        (true, 1, 3, 1, 24, 24, 3), (true, 4, 3, 2, 24, 48, 5), (true, 4, 3, 2, 48, 80, 5), (false, 4, 3, 2, 80, 160, 7),
        (false, 6, 3, 1, 160, 176, 14), (false, 6, 3, 2, 176, 304, 18), (false, 6, 3, 1, 304, 512, 5),
    };

    private static readonly (bool Fused, int Expand, int Kernel, int Stride, int In, int Out, int Layers)[] L =
    {
        (true, 1, 3, 1, 32, 32, 4), (true, 4, 3, 2, 32, 64, 7), (true, 4, 3, 2, 64, 96, 7), (false, 4, 3, 2, 96, 192, 10),
        (false, 6, 3, 1, 192, 224, 19), (false, 6, 3, 2, 224, 384, 25), (false, 6, 3, 1, 384, 640, 7),
    };

    private const double Epsilon = 1e-3;

    /// <summary>EfficientNetV2-S (torchvision trains it at 384x384).</summary>
    /// <param name="includeTop">Whether to end with global average pooling, dropout (0.2 for S, 0.3 for M, 0.4 for L) and the <c>classifier.1</c> Dense layer.</param>
    /// <param name="weights">null, "imagenet" (torchvision's IMAGENET1K_V1 file) or the path of a state_dict file (.pth or .safetensors).</param>
    /// <param name="inputShape">(3, height, width), channels-first; default (3, 384, 384) for S, (3, 480, 480) for M and L; at least 32x32.</param>
    /// <param name="pooling">Without the top: null, "avg" or "max".</param>
    /// <param name="classes">Outputs of the top.</param>
    /// <param name="classifierActivation">"softmax" (default) or null/"linear" for logits.</param>
    /// <param name="name">The model's name.</param>
    public static Model EfficientNetV2S(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                        string? classifierActivation = "softmax", string name = "efficientnet_v2_s") =>
        Build("EfficientNetV2S", "efficientnet_v2_s", S, 384, 0.2, includeTop, weights, inputShape, pooling, classes, classifierActivation, name);

    /// <summary>EfficientNetV2-M. Arguments as <see cref="EfficientNetV2S"/>.</summary>
    public static Model EfficientNetV2M(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                        string? classifierActivation = "softmax", string name = "efficientnet_v2_m") =>
        Build("EfficientNetV2M", "efficientnet_v2_m", M, 480, 0.3, includeTop, weights, inputShape, pooling, classes, classifierActivation, name);

    /// <summary>EfficientNetV2-L. Arguments as <see cref="EfficientNetV2S"/>.</summary>
    public static Model EfficientNetV2L(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                        string? classifierActivation = "softmax", string name = "efficientnet_v2_l") =>
        Build("EfficientNetV2L", "efficientnet_v2_l", L, 480, 0.4, includeTop, weights, inputShape, pooling, classes, classifierActivation, name);

    private static Model Build(string application, string torchName, (bool Fused, int Expand, int Kernel, int Stride, int In, int Out, int Layers)[] setting,
                               long defaultSize, double dropout, bool includeTop, string? weights, long[]? inputShape, string? pooling, int classes,
                               string? classifierActivation, string name)
    {
        var shape = ApplicationOptions.Validate(application, includeTop, weights, inputShape, pooling, classes, defaultSize, 32);
        var input = Keras.Input(shape, name: "input");
        var x = ConvNormAct(input, "features.0", setting[0].In, 3, 2, activation: "silu", epsilon: Epsilon);
        for (var stage = 0; stage < setting.Length; stage++)
        {
            var (fused, expand, kernel, stride, inputChannels, outputChannels, layers) = setting[stage];
            for (var i = 0; i < layers; i++)
            {
                var prefix = $"features.{stage + 1}.{i}";
                var (blockInput, blockStride) = i == 0 ? (inputChannels, stride) : (outputChannels, 1);
                x = fused ? FusedMBConv(x, prefix, blockInput, outputChannels, expand, kernel, blockStride)
                          : EfficientNet.MBConv(x, prefix, blockInput, outputChannels, expand, kernel, blockStride, Epsilon);
            }
        }
        x = ConvNormAct(x, $"features.{setting.Length + 1}", 1280, 1, activation: "silu", epsilon: Epsilon);
        x = includeTop ? ApplicationOptions.PooledClassifier(x, classes, classifierActivation, "classifier.1", dropout) : ApplicationOptions.Pool(x, pooling);
        return ApplicationOptions.ModelWithWeights(input, x, name, weights, torchName, includeTop, "classifier.");
    }

    private static KerasTensor FusedMBConv(KerasTensor input, string prefix, long inputChannels, long outputChannels, int expand, int kernel, int stride)
    {
        var expanded = MakeDivisible(inputChannels * (double)expand);
        KerasTensor x;
        if (expanded != inputChannels)
        {
            x = ConvNormAct(input, prefix + ".block.0", expanded, kernel, stride, activation: "silu", epsilon: Epsilon);
            x = ConvNormAct(x, prefix + ".block.1", outputChannels, 1, activation: null, epsilon: Epsilon);
        }
        else x = ConvNormAct(input, prefix + ".block.0", outputChannels, kernel, stride, activation: "silu", epsilon: Epsilon);
        return stride == 1 && inputChannels == outputChannels ? new KerasNet.Layers.Add(name: prefix + ".add").Apply(x, input) : x;
    }

    /// <summary>See <see cref="ImageNet.PreprocessInput"/>.</summary>
    public static Tensor PreprocessInput(Tensor images) => ImageNet.PreprocessInput(images);

    /// <summary>See <see cref="ImageNet.DecodePredictions"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(Tensor predictions, int top = 5) => ImageNet.DecodePredictions(predictions, top);
}
