using KerasNet.Layers;
using KerasNet.Models;
using static KerasNet.Applications.TorchBlocks;

namespace KerasNet.Applications;

/// <summary>VGG-16 (configuration D, without batch normalization) as torchvision builds it, with torchvision's layer names.</summary>
public static class Vgg
{
    private static readonly int[] Configuration = { 64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0 };

    /// <summary>VGG-16: thirteen 3x3 convolutions in <c>features</c>, then (with the top) adaptive average pooling to 7x7 and the <c>classifier</c> (4096-4096-classes, ReLU and dropout 0.5).</summary>
    /// <param name="includeTop">Whether to end with the classifier.</param>
    /// <param name="weights">null, "imagenet" or the path of a state_dict file (.pth or .safetensors).</param>
    /// <param name="inputShape">(3, height, width), channels-first; default (3, 224, 224); at least 32x32.</param>
    /// <param name="pooling">Without the top: null, "avg" or "max".</param>
    /// <param name="classes">Outputs of the top.</param>
    /// <param name="classifierActivation">"softmax" (default) or null/"linear" for logits.</param>
    /// <param name="name">The model's name.</param>
    public static Model VGG16(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                              string? classifierActivation = "softmax", string name = "vgg16")
    {
        var shape = ApplicationOptions.Validate("VGG16", includeTop, weights, inputShape, pooling, classes, 224, 32);
        var input = Keras.Input(shape, name: "input");
        var x = input;
        for (var i = 0; i < Configuration.Length; i++)
        {
            // torchvision numbers the modules of `features` in order: conv, ReLU (index + 1), and pooling as one each.
            var index = Configuration.Take(i).Sum(c => c == 0 ? 1 : 2);
            x = Configuration[i] == 0
                ? new MaxPooling2D(2, 2, dataFormat: "channels_first", name: $"features.{index}").Apply(x)
                : Conv(x, $"features.{index}", Configuration[i], 3, 1, 1, bias: true, activation: "relu");
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
        return ApplicationOptions.ModelWithWeights(input, x, name, weights, "vgg16", includeTop, "classifier.");
    }

    /// <summary>See <see cref="ImageNet.PreprocessInput"/>.</summary>
    public static Tensor PreprocessInput(Tensor images) => ImageNet.PreprocessInput(images);

    /// <summary>See <see cref="ImageNet.DecodePredictions"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(Tensor predictions, int top = 5) => ImageNet.DecodePredictions(predictions, top);
}
