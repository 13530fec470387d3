using KerasNet.Layers;
using KerasNet.Models;
using static KerasNet.Applications.TorchBlocks;

namespace KerasNet.Applications;

/// <summary>
/// MobileNetV3 Small and Large as torchvision builds them (inverted residual blocks with optional
/// squeeze-and-excitation, ReLU or hard swish, BatchNorm epsilon 1e-3), with torchvision's layer names. The top is
/// torchvision's: global average pooling, <c>classifier.0</c> Dense with hard swish, dropout 0.2 and <c>classifier.3</c>.
/// </summary>
public static class MobileNetV3
{
    // (input, kernel, expanded, output, squeeze-and-excitation, hard swish, stride): torchvision's bneck_conf rows.
    private static readonly (int In, int Kernel, int Expanded, int Out, bool SE, bool HardSwish, int Stride)[] Large =
    {
        (16, 3, 16, 16, false, false, 1), (16, 3, 64, 24, false, false, 2), (24, 3, 72, 24, false, false, 1),
        (24, 5, 72, 40, true, false, 2), (40, 5, 120, 40, true, false, 1), (40, 5, 120, 40, true, false, 1),
        (40, 3, 240, 80, false, true, 2), (80, 3, 200, 80, false, true, 1), (80, 3, 184, 80, false, true, 1),
        (80, 3, 184, 80, false, true, 1), (80, 3, 480, 112, true, true, 1), (112, 3, 672, 112, true, true, 1),
        (112, 5, 672, 160, true, true, 2), (160, 5, 960, 160, true, true, 1), (160, 5, 960, 160, true, true, 1),
    };

    private static readonly (int In, int Kernel, int Expanded, int Out, bool SE, bool HardSwish, int Stride)[] Small =
    {
        (16, 3, 16, 16, true, false, 2), (16, 3, 72, 24, false, false, 2), (24, 3, 88, 24, false, false, 1),
        (24, 5, 96, 40, true, true, 2), (40, 5, 240, 40, true, true, 1), (40, 5, 240, 40, true, true, 1),
        (40, 5, 120, 48, true, true, 1), (48, 5, 144, 48, true, true, 1), (48, 5, 288, 96, true, true, 2),
        (96, 5, 576, 96, true, true, 1), (96, 5, 576, 96, true, true, 1),
    };

    /// <summary>MobileNetV3-Large.</summary>
    /// <param name="includeTop">Whether to end with torchvision's classifier (Dense 1280, hard swish, dropout 0.2, Dense <paramref name="classes"/>).</param>
    /// <param name="weights">null, "imagenet" (alpha 1 only; torchvision's IMAGENET1K_V1 file) or the path of a state_dict file (.pth or .safetensors).</param>
    /// <param name="inputShape">(3, height, width), channels-first; default (3, 224, 224); at least 32x32.</param>
    /// <param name="pooling">Without the top: null, "avg" or "max".</param>
    /// <param name="classes">Outputs of the top.</param>
    /// <param name="alpha">Width multiplier (torchvision's width_mult); channels are rounded to multiples of 8 as torchvision does.</param>
    /// <param name="classifierActivation">"softmax" (default) or null/"linear" for logits.</param>
    /// <param name="name">The model's name.</param>
    public static Model MobileNetV3Large(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                         double alpha = 1.0, string? classifierActivation = "softmax", string name = "mobilenet_v3_large") =>
        Build("MobileNetV3Large", "mobilenet_v3_large", Large, 1280, includeTop, weights, inputShape, pooling, classes, alpha, classifierActivation, name);

    /// <summary>MobileNetV3-Small (last Dense layer 1024 wide). Arguments as <see cref="MobileNetV3Large"/>.</summary>
    public static Model MobileNetV3Small(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                         double alpha = 1.0, string? classifierActivation = "softmax", string name = "mobilenet_v3_small") =>
        Build("MobileNetV3Small", "mobilenet_v3_small", Small, 1024, includeTop, weights, inputShape, pooling, classes, alpha, classifierActivation, name);

    private static Model Build(string application, string torchName, (int In, int Kernel, int Expanded, int Out, bool SE, bool HardSwish, int Stride)[] setting,
                               int lastChannel, bool includeTop, string? weights, long[]? inputShape, string? pooling, int classes, double alpha,
                               string? classifierActivation, string name)
    {
        var shape = ApplicationOptions.Validate(application, includeTop, weights, inputShape, pooling, classes, 224, 32);
        if (!(alpha > 0) || double.IsInfinity(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"{application}: alpha must be a positive width multiplier.");
        if (weights == "imagenet" && alpha != 1.0)
            throw new ArgumentException($"{application}: torchvision publishes ImageNet weights for alpha 1.0 only; received alpha {alpha}.", nameof(alpha));
        var input = Keras.Input(shape, name: "input");
        var x = ConvNormAct(input, "features.0", MakeDivisible(setting[0].In * alpha), 3, 2, activation: "hard_swish", epsilon: 1e-3);
        for (var i = 0; i < setting.Length; i++)
        {
            var (inputChannels, kernel, expanded, outputChannels, se, hardSwish, stride) = setting[i];
            x = InvertedResidual(x, $"features.{i + 1}", MakeDivisible(inputChannels * alpha), MakeDivisible(expanded * alpha), MakeDivisible(outputChannels * alpha),
                                 kernel, stride, se, hardSwish ? "hard_swish" : "relu");
        }
        var lastConv = 6 * MakeDivisible(setting[^1].Out * alpha);
        x = ConvNormAct(x, $"features.{setting.Length + 1}", lastConv, 1, activation: "hard_swish", epsilon: 1e-3);
        if (includeTop)
        {
            x = new GlobalAveragePooling2D(dataFormat: "channels_first", name: "avgpool").Apply(x);
            x = new Dense(MakeDivisible(lastChannel * alpha), activation: "hard_swish", name: "classifier.0").Apply(x);
            x = new Dropout(0.2, name: "classifier.2").Apply(x);
            x = new Dense(classes, activation: classifierActivation ?? "linear", name: "classifier.3").Apply(x);
        }
        else x = ApplicationOptions.Pool(x, pooling);
        return ApplicationOptions.ModelWithWeights(input, x, name, weights, torchName, includeTop, "classifier.");
    }

    private static KerasTensor InvertedResidual(KerasTensor input, string prefix, long inputChannels, long expanded, long outputChannels, int kernel, int stride,
                                                bool squeezeExcite, string activation)
    {
        var x = input;
        var j = 0;
        if (expanded != inputChannels) x = ConvNormAct(x, $"{prefix}.block.{j++}", expanded, 1, activation: activation, epsilon: 1e-3);
        x = ConvNormAct(x, $"{prefix}.block.{j++}", expanded, kernel, stride, groups: expanded, activation: activation, epsilon: 1e-3);
        if (squeezeExcite)
        {
            var se = $"{prefix}.block.{j++}";
            var scale = new GlobalAveragePooling2D(dataFormat: "channels_first", keepdims: true, name: se + ".avgpool").Apply(x);
            scale = Conv(scale, se + ".fc1", MakeDivisible(expanded / 4), 1, bias: true, activation: "relu");
            scale = Conv(scale, se + ".fc2", expanded, 1, bias: true, activation: "hard_sigmoid");
            x = new Multiply(name: se + ".scale").Apply(x, scale);
        }
        x = ConvNormAct(x, $"{prefix}.block.{j}", outputChannels, 1, activation: null, epsilon: 1e-3);
        return stride == 1 && inputChannels == outputChannels ? new Add(name: prefix + ".add").Apply(x, input) : x;
    }

    /// <summary>See <see cref="ImageNet.PreprocessInput"/>.</summary>
    public static Tensor PreprocessInput(Tensor images) => ImageNet.PreprocessInput(images);

    /// <summary>See <see cref="ImageNet.DecodePredictions"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(Tensor predictions, int top = 5) => ImageNet.DecodePredictions(predictions, top);
}
