using KerasNet.Layers;
using KerasNet.Models;
using static KerasNet.Applications.TorchBlocks;

namespace KerasNet.Applications;

/// <summary>MobileNetV2 as torchvision builds it (inverted residual blocks, ReLU6), with torchvision's layer names.</summary>
public static class MobileNet
{
    // (expansion t, channels c, repeats n, first stride s), torchvision's inverted_residual_setting.
    private static readonly (int T, int C, int N, int S)[] Setting =
    {
        (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1),
    };

    /// <summary>MobileNetV2.</summary>
    /// <param name="includeTop">Whether to end with global average pooling, dropout 0.2 and the <c>classifier.1</c> Dense layer.</param>
    /// <param name="weights">null, "imagenet" (alpha 1 only) or the path of a state_dict file (.pth or .safetensors).</param>
    /// <param name="inputShape">(3, height, width), channels-first; default (3, 224, 224); at least 32x32.</param>
    /// <param name="pooling">Without the top: null, "avg" or "max".</param>
    /// <param name="classes">Outputs of the top.</param>
    /// <param name="alpha">Width multiplier (Keras's alpha, torchvision's width_mult); channels are rounded to multiples of 8 as torchvision does.</param>
    /// <param name="classifierActivation">"softmax" (default) or null/"linear" for logits.</param>
    /// <param name="name">The model's name.</param>
    public static Model MobileNetV2(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                    double alpha = 1.0, string? classifierActivation = "softmax", string name = "mobilenet_v2")
    {
        var shape = ApplicationOptions.Validate("MobileNetV2", includeTop, weights, inputShape, pooling, classes, 224, 32);
        if (!(alpha > 0) || double.IsInfinity(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "MobileNetV2: alpha must be a positive width multiplier.");
        if (weights == "imagenet" && alpha != 1.0)
            throw new ArgumentException($"MobileNetV2: torchvision publishes ImageNet weights for alpha 1.0 only; received alpha {alpha}.", nameof(alpha));
        var input = Keras.Input(shape, name: "input");
        var channels = MakeDivisible(32 * alpha);
        var x = ConvNormAct(input, "features.0", channels, 3, 2, activation: "relu6");
        var index = 1;
        foreach (var (t, c, n, s) in Setting)
        {
            var output = MakeDivisible(c * alpha);
            for (var i = 0; i < n; i++)
            {
                x = InvertedResidual(x, $"features.{index++}", channels, output, i == 0 ? s : 1, t);
                channels = output;
            }
        }
        x = ConvNormAct(x, $"features.{index}", MakeDivisible(1280 * Math.Max(1.0, alpha)), 1, activation: "relu6");
        x = includeTop ? ApplicationOptions.PooledClassifier(x, classes, classifierActivation, "classifier.1", dropout: 0.2) : ApplicationOptions.Pool(x, pooling);
        return ApplicationOptions.ModelWithWeights(input, x, name, weights, "mobilenet_v2", includeTop, "classifier.");
    }

    private static KerasTensor InvertedResidual(KerasTensor input, string prefix, long inputChannels, long outputChannels, int stride, int expansion)
    {
        var hidden = (long)Math.Round(inputChannels * (double)expansion, MidpointRounding.ToEven);
        var x = input;
        var j = 0;
        if (expansion != 1) x = ConvNormAct(x, $"{prefix}.conv.{j++}", hidden, 1, activation: "relu6");
        x = ConvNormAct(x, $"{prefix}.conv.{j++}", hidden, 3, stride, groups: hidden, activation: "relu6");
        x = Conv(x, $"{prefix}.conv.{j++}", outputChannels, 1);
        x = BatchNorm(x, $"{prefix}.conv.{j}");
        return stride == 1 && inputChannels == outputChannels ? new Add(name: prefix + ".add").Apply(input, x) : x;
    }

    /// <summary>See <see cref="ImageNet.PreprocessInput"/>.</summary>
    public static Tensor PreprocessInput(Tensor images) => ImageNet.PreprocessInput(images);

    /// <summary>See <see cref="ImageNet.DecodePredictions"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(Tensor predictions, int top = 5) => ImageNet.DecodePredictions(predictions, top);
}
