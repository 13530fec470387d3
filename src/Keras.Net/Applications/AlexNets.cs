using KerasNet.Layers;
using KerasNet.Models;
using static KerasNet.Applications.TorchBlocks;

namespace KerasNet.Applications;

/// <summary>
/// AlexNet as torchvision builds it (the single-tower "one weird trick" variant, 64-192-384-256-256 channels), with
/// torchvision's layer names. The class is named <c>AlexNets</c> because a C# static class cannot hold a method named
/// after itself; the method is <see cref="AlexNet"/>, as <c>ResNet.ResNet18</c> or <c>Inception.GoogLeNet</c>.
/// </summary>
public static class AlexNets
{
    /// <summary>
    /// AlexNet: five convolutions with ReLU and three 3x3 max poolings in <c>features</c>, then (with the top) adaptive
    /// average pooling to 6x6 and the <c>classifier</c> (dropout, 9216-4096, ReLU, dropout, 4096-4096, ReLU, 4096-classes).
    /// </summary>
    /// <param name="includeTop">Whether to end with the classifier.</param>
    /// <param name="weights">null, "imagenet" (torchvision's alexnet IMAGENET1K_V1 file) or the path of a state_dict file (.pth or .safetensors).</param>
    /// <param name="inputShape">(3, height, width), channels-first; default (3, 224, 224); at least 63x63.</param>
    /// <param name="pooling">Without the top: null, "avg" or "max".</param>
    /// <param name="classes">Outputs of the top.</param>
    /// <param name="dropout">Rate of the classifier's two dropout layers (torchvision's default 0.5).</param>
    /// <param name="classifierActivation">"softmax" (default) or null/"linear" for logits.</param>
    /// <param name="name">The model's name.</param>
    public static Model AlexNet(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                double dropout = 0.5, string? classifierActivation = "softmax", string name = "alexnet")
    {
        var shape = ApplicationOptions.Validate("AlexNet", includeTop, weights, inputShape, pooling, classes, 224, 63);
        var input = Keras.Input(shape, name: "input");
        var x = Conv(input, "features.0", 64, 11, 4, 2, bias: true, activation: "relu");
        x = new MaxPooling2D(3, 2, dataFormat: "channels_first", name: "features.2").Apply(x);
        x = Conv(x, "features.3", 192, 5, 1, 2, bias: true, activation: "relu");
        x = new MaxPooling2D(3, 2, dataFormat: "channels_first", name: "features.5").Apply(x);
        x = Conv(x, "features.6", 384, 3, 1, 1, bias: true, activation: "relu");
        x = Conv(x, "features.8", 256, 3, 1, 1, bias: true, activation: "relu");
        x = Conv(x, "features.10", 256, 3, 1, 1, bias: true, activation: "relu");
        x = new MaxPooling2D(3, 2, dataFormat: "channels_first", name: "features.12").Apply(x);
        if (includeTop)
        {
            x = new AdaptiveAveragePooling2D(6, dataFormat: "channels_first", name: "avgpool").Apply(x);
            // No data format: memory order (channel, row, column) as torch.flatten (see Vgg).
            x = new Flatten(name: "flatten").Apply(x);
            x = new Dropout(dropout, name: "classifier.0").Apply(x);
            x = new Dense(4096, activation: "relu", name: "classifier.1").Apply(x);
            x = new Dropout(dropout, name: "classifier.3").Apply(x);
            x = new Dense(4096, activation: "relu", name: "classifier.4").Apply(x);
            x = new Dense(classes, activation: classifierActivation ?? "linear", name: "classifier.6").Apply(x);
        }
        else x = ApplicationOptions.Pool(x, pooling);
        return ApplicationOptions.ModelWithWeights(input, x, name, weights, "alexnet", includeTop, "classifier.");
    }

    /// <summary>See <see cref="ImageNet.PreprocessInput"/>.</summary>
    public static Tensor PreprocessInput(Tensor images) => ImageNet.PreprocessInput(images);

    /// <summary>See <see cref="ImageNet.DecodePredictions"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(Tensor predictions, int top = 5) => ImageNet.DecodePredictions(predictions, top);
}
