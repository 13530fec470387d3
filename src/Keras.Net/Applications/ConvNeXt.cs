using KerasNet.Layers;
using KerasNet.Models;
using static KerasNet.Applications.TorchBlocks;

namespace KerasNet.Applications;

/// <summary>
/// ConvNeXt Tiny, Small, Base and Large as torchvision builds them (4x4 patchify stem, blocks of a 7x7 depthwise
/// convolution, LayerNorm, a 4x GELU MLP and a layer scale; LayerNorm epsilon 1e-6), with torchvision's layer names, so
/// torchvision's state_dicts load directly. Stochastic depth (training only) is not applied; inference is identical.
/// The top is torchvision's: global average pooling, <c>classifier.0</c> LayerNorm and the <c>classifier.2</c> Dense
/// layer; without the top the features are not normalized (that LayerNorm belongs to torchvision's classifier).
/// </summary>
public static class ConvNeXt
{
    private static readonly int[] ShortDepths = { 3, 3, 9, 3 }, Depths = { 3, 3, 27, 3 };

    /// <summary>ConvNeXt-Tiny (widths 96-192-384-768, blocks 3-3-9-3).</summary>
    /// <param name="includeTop">Whether to end with pooling, the classifier's LayerNorm and Dense layer.</param>
    /// <param name="weights">null, "imagenet" (torchvision's IMAGENET1K_V1 file) or the path of a state_dict file (.pth or .safetensors).</param>
    /// <param name="inputShape">(3, height, width), channels-first; default (3, 224, 224); at least 32x32.</param>
    /// <param name="pooling">Without the top: null, "avg" or "max".</param>
    /// <param name="classes">Outputs of the top.</param>
    /// <param name="classifierActivation">"softmax" (default) or null/"linear" for logits.</param>
    /// <param name="name">The model's name.</param>
    public static Model ConvNeXtTiny(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                     string? classifierActivation = "softmax", string name = "convnext_tiny") =>
        Build("ConvNeXtTiny", "convnext_tiny", 96, ShortDepths, includeTop, weights, inputShape, pooling, classes, classifierActivation, name);

    /// <summary>ConvNeXt-Small (widths 96-192-384-768, blocks 3-3-27-3). Arguments as <see cref="ConvNeXtTiny"/>.</summary>
    public static Model ConvNeXtSmall(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                      string? classifierActivation = "softmax", string name = "convnext_small") =>
        Build("ConvNeXtSmall", "convnext_small", 96, Depths, includeTop, weights, inputShape, pooling, classes, classifierActivation, name);

    /// <summary>ConvNeXt-Base (widths 128-256-512-1024, blocks 3-3-27-3). Arguments as <see cref="ConvNeXtTiny"/>.</summary>
    public static Model ConvNeXtBase(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                     string? classifierActivation = "softmax", string name = "convnext_base") =>
        Build("ConvNeXtBase", "convnext_base", 128, Depths, includeTop, weights, inputShape, pooling, classes, classifierActivation, name);

    /// <summary>ConvNeXt-Large (widths 192-384-768-1536, blocks 3-3-27-3). Arguments as <see cref="ConvNeXtTiny"/>.</summary>
    public static Model ConvNeXtLarge(bool includeTop = true, string? weights = null, long[]? inputShape = null, string? pooling = null, int classes = 1000,
                                      string? classifierActivation = "softmax", string name = "convnext_large") =>
        Build("ConvNeXtLarge", "convnext_large", 192, Depths, includeTop, weights, inputShape, pooling, classes, classifierActivation, name);

    private static Model Build(string application, string torchName, long width, int[] depths, bool includeTop, string? weights, long[]? inputShape,
                               string? pooling, int classes, string? classifierActivation, string name)
    {
        var shape = ApplicationOptions.Validate(application, includeTop, weights, inputShape, pooling, classes, 224, 32);
        var input = Keras.Input(shape, name: "input");
        var x = Conv(input, "features.0.0", width, 4, 4, bias: true);
        x = ChannelNorm(x, "features.0.1");
        var index = 1;
        for (var stage = 0; stage < depths.Length; stage++)
        {
            var channels = width << stage;
            for (var b = 0; b < depths[stage]; b++) x = Block(x, $"features.{index}.{b}", channels);
            index++;
            if (stage == depths.Length - 1) break;
            x = ChannelNorm(x, $"features.{index}.0");
            x = Conv(x, $"features.{index}.1", channels * 2, 2, 2, bias: true);
            index++;
        }
        if (includeTop)
        {
            x = new GlobalAveragePooling2D(dataFormat: "channels_first", name: "avgpool").Apply(x);
            x = new LayerNormalization(epsilon: 1e-6, name: "classifier.0").Apply(x);
            x = new Dense(classes, activation: classifierActivation ?? "linear", name: "classifier.2").Apply(x);
        }
        else x = ApplicationOptions.Pool(x, pooling);
        return ApplicationOptions.ModelWithWeights(input, x, name, weights, torchName, includeTop, "classifier.");
    }

    // torchvision's LayerNorm2d: LayerNorm over the channel axis of a channels-first map.
    private static KerasTensor ChannelNorm(KerasTensor x, string name) => new LayerNormalization(axis: new long[] { 1 }, epsilon: 1e-6, name: name).Apply(x);

    private static KerasTensor Block(KerasTensor input, string prefix, long channels)
    {
        var x = Conv(input, prefix + ".block.0", channels, 7, 1, 3, groups: channels, bias: true);
        x = new Permute(new long[] { 2, 3, 1 }, name: prefix + ".block.1").Apply(x);
        x = new LayerNormalization(epsilon: 1e-6, name: prefix + ".block.2").Apply(x);
        x = new Dense(4 * channels, activation: "gelu", name: prefix + ".block.3").Apply(x);
        x = new Dense(channels, name: prefix + ".block.5").Apply(x);
        x = new Permute(new long[] { 3, 1, 2 }, name: prefix + ".block.6").Apply(x);
        x = new LayerScale(name: prefix + ".layer_scale").Apply(x);
        return new Add(name: prefix + ".add").Apply(x, input);
    }

    /// <summary>See <see cref="ImageNet.PreprocessInput"/>.</summary>
    public static Tensor PreprocessInput(Tensor images) => ImageNet.PreprocessInput(images);

    /// <summary>See <see cref="ImageNet.DecodePredictions"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(Tensor predictions, int top = 5) => ImageNet.DecodePredictions(predictions, top);
}
