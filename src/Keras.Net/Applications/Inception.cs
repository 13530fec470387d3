using KerasNet.Layers;
using KerasNet.Models;

namespace KerasNet.Applications;

/// <summary>
/// GoogLeNet (Inception v1) and InceptionV3 as torchvision builds them (convolutions without bias, each followed by
/// a BatchNorm with epsilon 1e-3 and a ReLU: torchvision's <c>BasicConv2d</c>), with torchvision's layer names. The
/// auxiliary classifiers that torchvision trains with (and saves in its ImageNet files) are not built; their weights
/// are skipped on load.
/// </summary>
public static class Inception
{
    /// <summary>GoogLeNet (Inception v1), as torchvision builds it (its third branch uses 3x3, not 5x5, convolutions).</summary>
    /// <param name="includeTop">Whether to end with global average pooling, dropout 0.2 and the <c>fc</c> layer.</param>
    /// <param name="weights">null, "imagenet" (torchvision's googlenet IMAGENET1K_V1 file) or the path of a state_dict file (.pth or .safetensors).</param>
    /// <param name="inputShape">(3, height, width), channels-first; default (3, 224, 224); at least 32x32.</param>
    /// <param name="pooling">Without the top: null, "avg" or "max".</param>
    /// <param name="classes">Outputs of the top.</param>
    /// <param name="transformInput">Whether the first layer is an <see cref="InceptionInputTransform"/> (torchvision's <c>transform_input</c>); null: true exactly when <paramref name="weights"/> is "imagenet", as torchvision sets it with its weights.</param>
    /// <param name="classifierActivation">"softmax" (default) or null/"linear" for logits.</param>
    /// <param name="name">The model's name.</param>
    public static Model GoogLeNet(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                  bool? transformInput = null, string? classifierActivation = "softmax", string name = "googlenet")
    {
        var shape = ApplicationOptions.Validate("GoogLeNet", includeTop, weights, inputShape, pooling, classes, 224, 32);
        var input = Keras.Input(shape, name: "input");
        var x = transformInput ?? weights == "imagenet" ? new InceptionInputTransform(name: "transform_input").Apply(input) : input;
        x = Basic(x, "conv1", 64, 7, 2, 3);
        x = new TorchPooling2D("max", 3, 2, ceilMode: true, name: "maxpool1").Apply(x);
        x = Basic(x, "conv2", 64, 1);
        x = Basic(x, "conv3", 192, 3, padding: 1);
        x = new TorchPooling2D("max", 3, 2, ceilMode: true, name: "maxpool2").Apply(x);
        x = V1Block(x, "inception3a", 64, 96, 128, 16, 32, 32);
        x = V1Block(x, "inception3b", 128, 128, 192, 32, 96, 64);
        x = new TorchPooling2D("max", 3, 2, ceilMode: true, name: "maxpool3").Apply(x);
        x = V1Block(x, "inception4a", 192, 96, 208, 16, 48, 64);
        x = V1Block(x, "inception4b", 160, 112, 224, 24, 64, 64);
        x = V1Block(x, "inception4c", 128, 128, 256, 24, 64, 64);
        x = V1Block(x, "inception4d", 112, 144, 288, 32, 64, 64);
        x = V1Block(x, "inception4e", 256, 160, 320, 32, 128, 128);
        x = new TorchPooling2D("max", 2, 2, ceilMode: true, name: "maxpool4").Apply(x);
        x = V1Block(x, "inception5a", 256, 160, 320, 32, 128, 128);
        x = V1Block(x, "inception5b", 384, 192, 384, 48, 128, 128);
        x = Top(x, includeTop, pooling, classes, 0.2, classifierActivation);
        return ApplicationOptions.ModelWithWeights(input, x, name, weights, "googlenet", includeTop, "fc.", "aux1.", "aux2.");
    }

    /// <summary>InceptionV3 as torchvision builds it.</summary>
    /// <param name="includeTop">Whether to end with global average pooling, dropout 0.5 and the <c>fc</c> layer.</param>
    /// <param name="weights">null, "imagenet" (torchvision's inception_v3 IMAGENET1K_V1 file, trained on 299x299 images) or the path of a state_dict file (.pth or .safetensors).</param>
    /// <param name="inputShape">(3, height, width), channels-first; default (3, 299, 299); at least 75x75.</param>
    /// <param name="pooling">Without the top: null, "avg" or "max".</param>
    /// <param name="classes">Outputs of the top.</param>
    /// <param name="transformInput">As in <see cref="GoogLeNet"/>: null means true exactly with "imagenet" weights.</param>
    /// <param name="classifierActivation">"softmax" (default) or null/"linear" for logits.</param>
    /// <param name="name">The model's name.</param>
    public static Model InceptionV3(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                    bool? transformInput = null, string? classifierActivation = "softmax", string name = "inception_v3")
    {
        var shape = ApplicationOptions.Validate("InceptionV3", includeTop, weights, inputShape, pooling, classes, 299, 75);
        var input = Keras.Input(shape, name: "input");
        var x = transformInput ?? weights == "imagenet" ? new InceptionInputTransform(name: "transform_input").Apply(input) : input;
        x = Basic(x, "Conv2d_1a_3x3", 32, 3, 2);
        x = Basic(x, "Conv2d_2a_3x3", 32, 3);
        x = Basic(x, "Conv2d_2b_3x3", 64, 3, padding: 1);
        x = new MaxPooling2D(3, 2, dataFormat: "channels_first", name: "maxpool1").Apply(x);
        x = Basic(x, "Conv2d_3b_1x1", 80, 1);
        x = Basic(x, "Conv2d_4a_3x3", 192, 3);
        x = new MaxPooling2D(3, 2, dataFormat: "channels_first", name: "maxpool2").Apply(x);
        x = InceptionV3Blocks.A(x, "Mixed_5b", 32);
        x = InceptionV3Blocks.A(x, "Mixed_5c", 64);
        x = InceptionV3Blocks.A(x, "Mixed_5d", 64);
        x = InceptionV3Blocks.B(x, "Mixed_6a");
        x = InceptionV3Blocks.C(x, "Mixed_6b", 128);
        x = InceptionV3Blocks.C(x, "Mixed_6c", 160);
        x = InceptionV3Blocks.C(x, "Mixed_6d", 160);
        x = InceptionV3Blocks.C(x, "Mixed_6e", 192);
        x = InceptionV3Blocks.D(x, "Mixed_7a");
        x = InceptionV3Blocks.E(x, "Mixed_7b");
        x = InceptionV3Blocks.E(x, "Mixed_7c");
        x = Top(x, includeTop, pooling, classes, 0.5, classifierActivation);
        return ApplicationOptions.ModelWithWeights(input, x, name, weights, "inception_v3", includeTop, "fc.", "AuxLogits.");
    }

    /// <summary>torchvision's BasicConv2d: <c>&lt;name&gt;.conv</c> (no bias), <c>&lt;name&gt;.bn</c> (epsilon 1e-3), ReLU.</summary>
    internal static KerasTensor Basic(KerasTensor x, string name, long filters, Dims kernel, int stride = 1, int padding = 0)
    {
        var kernelSize = kernel.Expand(2, nameof(kernel), "Inception");
        // PyTorch pads (k - 1) / 2 on each side here, which is Keras's "same" at stride 1 for odd kernels.
        var same = padding > 0 && stride == 1;
        if (padding > 0 && !same) x = new ZeroPadding2D(padding, dataFormat: "channels_first", name: name + ".conv_pad").Apply(x);
        x = new Conv2D(filters, kernelSize, stride, same ? "same" : "valid", "channels_first", useBias: false, name: name + ".conv").Apply(x);
        x = TorchBlocks.BatchNorm(x, name + ".bn", 1e-3);
        return TorchBlocks.Act(x, "relu", name + ".relu");
    }

    private static KerasTensor V1Block(KerasTensor x, string prefix, long ch1x1, long ch3x3Reduce, long ch3x3, long ch5x5Reduce, long ch5x5, long poolProjection)
    {
        var branch1 = Basic(x, prefix + ".branch1", ch1x1, 1);
        var branch2 = Basic(Basic(x, prefix + ".branch2.0", ch3x3Reduce, 1), prefix + ".branch2.1", ch3x3, 3, padding: 1);
        var branch3 = Basic(Basic(x, prefix + ".branch3.0", ch5x5Reduce, 1), prefix + ".branch3.1", ch5x5, 3, padding: 1);
        var pooled = new TorchPooling2D("max", 3, 1, 1, ceilMode: true, name: prefix + ".branch4.pool").Apply(x);
        var branch4 = Basic(pooled, prefix + ".branch4.1", poolProjection, 1);
        return new Concatenate(axis: 1, name: prefix + ".concat").Apply(branch1, branch2, branch3, branch4);
    }

    private static KerasTensor Top(KerasTensor x, bool includeTop, string? pooling, int classes, double dropout, string? classifierActivation)
    {
        if (!includeTop) return ApplicationOptions.Pool(x, pooling);
        x = new GlobalAveragePooling2D(dataFormat: "channels_first", name: "avgpool").Apply(x);
        x = new Dropout(dropout, name: "dropout").Apply(x);
        return new Dense(classes, activation: classifierActivation ?? "linear", name: "fc").Apply(x);
    }

    /// <summary>See <see cref="ImageNet.PreprocessInput"/> (then <see cref="InceptionInputTransform"/> inside the model, with ImageNet weights).</summary>
    public static Tensor PreprocessInput(Tensor images) => ImageNet.PreprocessInput(images);

    /// <summary>See <see cref="ImageNet.DecodePredictions"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(Tensor predictions, int top = 5) => ImageNet.DecodePredictions(predictions, top);
}
