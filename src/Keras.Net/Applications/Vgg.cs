using KerasNet.Layers;
using KerasNet.Models;
using static KerasNet.Applications.TorchBlocks;

namespace KerasNet.Applications;

/// <summary>
/// VGG-11, -13, -16 and -19 (configurations A, B, D and E), with or without batch normalization, as torchvision
/// builds them, with torchvision's layer names.
/// </summary>
public static class Vgg
{
    // Channels of each 3x3 convolution; 0 is a 2x2 max pooling. torchvision's cfgs "A", "B", "D" and "E".
    private static readonly int[] A = { 64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0 };
    private static readonly int[] B = { 64, 64, 0, 128, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0 };
    private static readonly int[] D = { 64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0 };
    private static readonly int[] E = { 64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0 };

    /// <summary>VGG-16: thirteen 3x3 convolutions in <c>features</c>, then (with the top) adaptive average pooling to 7x7 and the <c>classifier</c> (4096-4096-classes, ReLU and dropout 0.5).</summary>
    /// <param name="includeTop">Whether to end with the classifier.</param>
    /// <param name="weights">null, "imagenet" or the path of a state_dict file (.pth or .safetensors).</param>
    /// <param name="inputShape">(3, height, width), channels-first; default (3, 224, 224); at least 32x32.</param>
    /// <param name="pooling">Without the top: null, "avg" or "max".</param>
    /// <param name="classes">Outputs of the top.</param>
    /// <param name="classifierActivation">"softmax" (default) or null/"linear" for logits.</param>
    /// <param name="name">The model's name.</param>
    public static Model VGG16(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                              string? classifierActivation = "softmax", string name = "vgg16") =>
        Build("VGG16", "vgg16", D, false, includeTop, weights, inputShape, pooling, classes, classifierActivation, name);

    /// <summary>VGG-19 (sixteen convolutions). Arguments as <see cref="VGG16"/>.</summary>
    public static Model VGG19(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                              string? classifierActivation = "softmax", string name = "vgg19") =>
        Build("VGG19", "vgg19", E, false, includeTop, weights, inputShape, pooling, classes, classifierActivation, name);

    /// <summary>VGG-11 (eight convolutions). Arguments as <see cref="VGG16"/>.</summary>
    public static Model VGG11(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                              string? classifierActivation = "softmax", string name = "vgg11") =>
        Build("VGG11", "vgg11", A, false, includeTop, weights, inputShape, pooling, classes, classifierActivation, name);

    /// <summary>VGG-13 (ten convolutions). Arguments as <see cref="VGG16"/>.</summary>
    public static Model VGG13(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                              string? classifierActivation = "softmax", string name = "vgg13") =>
        Build("VGG13", "vgg13", B, false, includeTop, weights, inputShape, pooling, classes, classifierActivation, name);

    /// <summary>VGG-11 with a BatchNorm after each convolution (torchvision's vgg11_bn). Arguments as <see cref="VGG16"/>.</summary>
    public static Model VGG11BN(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                string? classifierActivation = "softmax", string name = "vgg11_bn") =>
        Build("VGG11BN", "vgg11_bn", A, true, includeTop, weights, inputShape, pooling, classes, classifierActivation, name);

    /// <summary>VGG-13 with batch normalization (torchvision's vgg13_bn). Arguments as <see cref="VGG16"/>.</summary>
    public static Model VGG13BN(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                string? classifierActivation = "softmax", string name = "vgg13_bn") =>
        Build("VGG13BN", "vgg13_bn", B, true, includeTop, weights, inputShape, pooling, classes, classifierActivation, name);

    /// <summary>VGG-16 with batch normalization (torchvision's vgg16_bn). Arguments as <see cref="VGG16"/>.</summary>
    public static Model VGG16BN(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                string? classifierActivation = "softmax", string name = "vgg16_bn") =>
        Build("VGG16BN", "vgg16_bn", D, true, includeTop, weights, inputShape, pooling, classes, classifierActivation, name);

    /// <summary>VGG-19 with batch normalization (torchvision's vgg19_bn). Arguments as <see cref="VGG16"/>.</summary>
    public static Model VGG19BN(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                string? classifierActivation = "softmax", string name = "vgg19_bn") =>
        Build("VGG19BN", "vgg19_bn", E, true, includeTop, weights, inputShape, pooling, classes, classifierActivation, name);

    private static Model Build(string application, string torchName, int[] configuration, bool batchNorm, bool includeTop, string? weights,
                               long[]? inputShape, string? pooling, int classes, string? classifierActivation, string name)
    {
        var shape = ApplicationOptions.Validate(application, includeTop, weights, inputShape, pooling, classes, 224, 32);
        var input = Keras.Input(shape, name: "input");
        var x = input;
        // torchvision numbers the modules of `features` in order: each convolution, its BatchNorm and its ReLU, and
        // each pooling, one index apiece.
        var index = 0;
        foreach (var channels in configuration)
        {
            if (channels == 0)
            {
                x = new MaxPooling2D(2, 2, dataFormat: "channels_first", name: $"features.{index++}").Apply(x);
            }
            else if (batchNorm)
            {
                x = Conv(x, $"features.{index}", channels, 3, 1, 1, bias: true);
                x = BatchNorm(x, $"features.{index + 1}");
                x = Act(x, "relu", $"features.{index + 2}");
                index += 3;
            }
            else
            {
                x = Conv(x, $"features.{index}", channels, 3, 1, 1, bias: true, activation: "relu");
                index += 2;
            }
        }
        if (includeTop)
        {
            x = new AdaptiveAveragePooling2D(7, dataFormat: "channels_first", name: "avgpool").Apply(x);
            // Memory order (channel, row, column) as torch.flatten: an explicit "channels_first" would reorder to
            // channels-last (Keras's rule) and scramble classifier.0's 25088 inputs.
            x = new Flatten(name: "flatten").Apply(x);
            x = new Dense(4096, activation: "relu", name: "classifier.0").Apply(x);
            x = new Dropout(0.5, name: "classifier.2").Apply(x);
            x = new Dense(4096, activation: "relu", name: "classifier.3").Apply(x);
            x = new Dropout(0.5, name: "classifier.5").Apply(x);
            x = new Dense(classes, activation: classifierActivation ?? "linear", name: "classifier.6").Apply(x);
        }
        else x = ApplicationOptions.Pool(x, pooling);
        return ApplicationOptions.ModelWithWeights(input, x, name, weights, torchName, includeTop, "classifier.");
    }

    /// <summary>See <see cref="ImageNet.PreprocessInput"/>.</summary>
    public static Tensor PreprocessInput(Tensor images) => ImageNet.PreprocessInput(images);

    /// <summary>See <see cref="ImageNet.DecodePredictions"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(Tensor predictions, int top = 5) => ImageNet.DecodePredictions(predictions, top);
}
