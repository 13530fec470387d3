using KerasNet.Layers;
using KerasNet.Models;

namespace KerasNet.Tests.Export;

/// <summary>
/// For every exportable layer family, a model is exported, loaded and run in ONNX Runtime on random inputs at two
/// batch sizes (the batch axis is dynamic), and its outputs match Keras.Net's within 1e-5.
/// </summary>
public class OnnxLayerExportTests
{
    private static Model Stack(long[] input, params Layer[] layers) =>
        new Sequential(new Layer[] { Keras.Input(input) }.Concat(layers));

    /// <summary>Model builders by family; each takes random float inputs of its input shape.</summary>
    public static readonly Dictionary<string, Func<Model>> Models = new()
    {
        ["core"] = () => Stack(new long[] { 8 }, new Dense(16, activation: "relu"), new Dropout(0.5), new Dense(6, useBias: false), new Activation("tanh"), new Dense(3, activation: "softmax")),
        ["regularization"] = () => Stack(new long[] { 3, 6, 6 }, new SpatialDropout2D(0.3), new GaussianNoise(1.0), new Flatten(), new Dense(4)),
        ["reshape_permute_repeat"] = () => Stack(new long[] { 12 }, new Reshape(new long[] { 3, 4 }), new Permute(new long[] { 2, 1 }), new Flatten(),
            new RepeatVector(3), new Dense(2)),
        ["flatten_channels_first_order"] = () => Stack(new long[] { 2, 3, 4 }, new Flatten(dataFormat: "channels_first"), new Dense(3)),
        ["rescaling"] = () => Stack(new long[] { 5, 3 }, new Rescaling(0.5, 0.25), new Dense(2)),
        ["conv2d"] = () => Stack(new long[] { 3, 9, 9 }, new Conv2D(4, 3, padding: "same", activation: "relu"), new Conv2D(5, 3, strides: 2),
            new Conv2D(3, (2, 2), padding: "same", dilationRate: 2), new Conv2D(4, 2, groups: 1, padding: "same", strides: 2)),
        ["conv2d_channels_last"] = () => Stack(new long[] { 8, 7, 3 }, new Conv2D(4, 3, padding: "same", dataFormat: "channels_last", activation: "relu6"),
            new Conv2D(2, 2, strides: 2, dataFormat: "channels_last")),
        ["conv1d"] = () => Stack(new long[] { 10, 3 }, new Conv1D(4, 3, padding: "causal", dilationRate: 2), new Conv1D(4, 2, padding: "same"), new Conv1D(2, 3, strides: 2)),
        ["conv3d"] = () => Stack(new long[] { 2, 5, 5, 5 }, new Conv3D(3, 2, padding: "same"), new Conv3D(2, 3)),
        ["conv_transpose"] = () => Stack(new long[] { 3, 5, 5 }, new Conv2DTranspose(4, 3, strides: 2, padding: "same"), new Conv2DTranspose(2, 2, padding: "same"),
            new Conv2DTranspose(2, 3, strides: 2)),
        ["conv_transpose_1d_3d"] = () => Stack(new long[] { 2, 4, 4, 4 }, new Conv3DTranspose(2, 2, strides: 2), new Conv3D(1, 1), new Reshape(new long[] { 8, 64 }),
            new Conv1DTranspose(3, 3, strides: 2, padding: "same")),
        ["depthwise_separable"] = () => Stack(new long[] { 3, 8, 8 }, new DepthwiseConv2D(3, depthMultiplier: 2, padding: "same"), new SeparableConv2D(4, 3, strides: 2)),
        ["pooling2d"] = () => Stack(new long[] { 3, 9, 9 }, new MaxPooling2D(2), new AveragePooling2D(3, strides: 2, padding: "same"), new MaxPooling2D(2, strides: 1, padding: "same"),
            new GlobalAveragePooling2D()),
        ["pooling2d_channels_last"] = () => Stack(new long[] { 9, 9, 3 }, new MaxPooling2D(3, strides: 2, padding: "same", dataFormat: "channels_last"),
            new AveragePooling2D(2, dataFormat: "channels_last"), new GlobalMaxPooling2D(dataFormat: "channels_last", keepdims: true), new Flatten()),
        ["pooling1d"] = () => Stack(new long[] { 11, 4 }, new MaxPooling1D(2), new AveragePooling1D(2, padding: "same"), new GlobalMaxPooling1D()),
        ["global_average_1d"] = () => Stack(new long[] { 7, 4 }, new GlobalAveragePooling1D()),
        ["batch_normalization"] = () => Stack(new long[] { 3, 6, 6 }, new Conv2D(4, 3), new BatchNormalization(), new Flatten(), new Dense(5), new BatchNormalization()),
        ["batch_normalization_channels_last"] = () => Stack(new long[] { 6, 6, 3 }, new BatchNormalization(axis: -1)),
        ["layer_normalization"] = () => Stack(new long[] { 4, 6 }, new LayerNormalization(), new LayerNormalization(axis: new long[] { 1, 2 }, center: false),
            new LayerNormalization(axis: new long[] { 1 }, scale: false)),
        ["group_normalization"] = () => Stack(new long[] { 4, 5, 5 }, new GroupNormalization(groups: 2), new Permute(new long[] { 2, 3, 1 }), new GroupNormalization(groups: 4, axis: -1)),
        ["rms_normalization"] = () => Stack(new long[] { 4, 6 }, new RMSNormalization(), new RMSNormalization(axis: 1)),
        ["padding_cropping_upsampling"] = () => Stack(new long[] { 2, 5, 6 }, new ZeroPadding2D((1, 2)), new Cropping2D(new long[] { 1, 0, 2, 1 }), new UpSampling2D(2),
            new UpSampling2D((2, 3), interpolation: "bilinear")),
        ["reshaping_channels_last"] = () => Stack(new long[] { 5, 6, 2 }, new ZeroPadding2D(1, dataFormat: "channels_last"), new Cropping2D(1, dataFormat: "channels_last"),
            new UpSampling2D(2, dataFormat: "channels_last"), new UpSampling2D(2, dataFormat: "channels_last", interpolation: "bilinear")),
        ["merging"] = Merging,
        ["nested_models"] = Nested,
    };

    public static TheoryData<string> Families() => new(Models.Keys);

    [Theory]
    [MemberData(nameof(Families))]
    public void ExportedModelMatchesKerasNetInOnnxRuntime(string family)
    {
        torch.manual_seed(7);
        var model = Models[family]();
        OnnxRuntimeCheck.RandomizeStatistics(model);
        OnnxRuntimeCheck.AssertMatches(model, RandomInputs(model, 1), RandomInputs(model, 3));
    }

    [Theory]
    [InlineData("linear"), InlineData("relu"), InlineData("relu6"), InlineData("leaky_relu"), InlineData("elu"), InlineData("selu")]
    [InlineData("gelu"), InlineData("silu"), InlineData("mish"), InlineData("sigmoid"), InlineData("hard_sigmoid"), InlineData("hard_silu")]
    [InlineData("tanh"), InlineData("softmax"), InlineData("log_softmax"), InlineData("softplus"), InlineData("softsign"), InlineData("exponential")]
    public void EveryNamedActivationMatches(string activation)
    {
        torch.manual_seed(3);
        // Twice (in Dense, then as a layer), except exp, whose composition overflows float32 on these inputs.
        var model = activation == "exponential"
            ? Stack(new long[] { 5 }, new Dense(7, activation: activation))
            : Stack(new long[] { 5 }, new Dense(7, activation: activation), new Activation(activation));
        OnnxRuntimeCheck.AssertMatches(model, new[] { torch.randn(4, 5) * 3 });
    }

    [Fact]
    public void EmbeddingTakesIntegerIndices()
    {
        torch.manual_seed(5);
        var tokens = Keras.Input(new long[] { 6 }, ScalarType.Int64, name: "tokens");
        var functional = new Model(tokens, new Dense(2).Apply(new Flatten().Apply(new Embedding(12, 3).Apply(tokens))));
        OnnxRuntimeCheck.AssertMatches(functional, new[] { torch.randint(0, 12, new long[] { 1, 6 }) }, new[] { torch.randint(0, 12, new long[] { 5, 6 }) });
    }

    internal static Tensor[] RandomInputs(Model model, long batch) =>
        model.Inputs is { } inputs
            ? inputs.Select(i => torch.randn(new[] { batch }.Concat(i.Shape.Dims.Skip(1).Select(d => d!.Value)).ToArray())).ToArray()
            : new[] { torch.randn(new[] { batch }.Concat(((Sequential)model).InputLayer!.Shape).ToArray()) };

    private static Model Merging()
    {
        var a = Keras.Input(new long[] { 6 }, name: "a");
        var b = Keras.Input(new long[] { 6 }, name: "b");
        var merged = new Concatenate().Apply(
            new Add().Apply(a, b), new Subtract().Apply(a, b), new Multiply().Apply(a, b, a),
            new Average().Apply(a, b), new Maximum().Apply(a, b), new Minimum().Apply(a, b));
        return new Model(new[] { a, b }, new[] { new Dense(3).Apply(merged), new Dense(2, activation: "sigmoid").Apply(a) });
    }

    private static Model Nested()
    {
        var inner = new Sequential(new Layer[] { Keras.Input(4), new Dense(5, activation: "relu"), new Dense(4) });
        var x = Keras.Input(new long[] { 4 }, name: "features");
        var branch = new Model(x, new Add().Apply(inner.Apply(x), x));
        var outer = Keras.Input(new long[] { 4 }, name: "outer_input");
        return new Model(outer, new Dense(2).Apply(branch.Apply(outer)));
    }
}
