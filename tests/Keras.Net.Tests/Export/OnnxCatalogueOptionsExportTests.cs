using KerasNet.Export;
using KerasNet.Layers;
using KerasNet.Models;

namespace KerasNet.Tests.Export;

/// <summary>
/// The newly exportable layers with the options the harness rows do not reach, each in a small model run in ONNX
/// Runtime at two batch sizes (and, where the lengths are dynamic, two sequence lengths) and matched within 1e-5.
/// </summary>
public class OnnxCatalogueOptionsExportTests
{
    private static Model Stack(long[] input, params Layer[] layers) =>
        new Sequential(new Layer[] { Keras.Input(input) }.Concat(layers));

    public static readonly Dictionary<string, Func<Model>> Models = new()
    {
        ["relu_options"] = () => Stack(new long[] { 6 }, new Dense(8), new ReLU(maxValue: 1.5), new Dense(8), new ReLU(negativeSlope: 0.1, threshold: 0.3),
            new Dense(8), new ReLU(maxValue: 2, negativeSlope: 0.2), new Dense(8), new ReLU(negativeSlope: 0.05), new Dense(8), new ReLU(threshold: -0.2)),
        ["leaky_elu_prelu"] = () => Stack(new long[] { 3, 4 }, new LeakyReLU(0.25), new ELU(0.7),
            new PReLU(alphaInitializer: new KerasNet.Initializers.RandomNormal(mean: 0.5, stddev: 0.3, seed: 3)),
            new PReLU(sharedAxes: new long[] { 1 }, alphaInitializer: new KerasNet.Initializers.RandomUniform(0.5, 1.5, seed: 4)), new Identity()),
        ["softmax_axes"] = () => Stack(new long[] { 3, 4 }, new Softmax(axis: 1), new Dense(5), new Softmax()),
        ["inference_identities"] = () => Stack(new long[] { 3, 8, 8 }, new RandomFlip(), new RandomRotation(0.2), new RandomZoom(0.1), new RandomContrast(0.3),
            new RandomBrightness(0.2), new GaussianDropout(0.3), new AlphaDropout(0.2), new ActivityRegularization(0.01, 0.01), new Conv2D(2, 3)),
        ["spatial_1d"] = () => Stack(new long[] { 7, 3 }, new ZeroPadding1D(new long[] { 1, 2 }), new Cropping1D(new long[] { 2, 1 }), new UpSampling1D(3),
            new DepthwiseConv1D(3, depthMultiplier: 2, padding: "same"), new SeparableConv1D(4, 3, strides: 2), new AdaptiveMaxPooling1D(3), new SpatialDropout1D(0.5)),
        ["spatial_3d_channels_last"] = () => Stack(new long[] { 4, 5, 3, 2 }, new ZeroPadding3D(new long[] { 1, 0, 2, 1, 0, 1 }, dataFormat: "channels_last"),
            new Cropping3D(new long[] { 1, 1, 0, 1, 1, 0 }, dataFormat: "channels_last"), new UpSampling3D(new long[] { 2, 1, 3 }, dataFormat: "channels_last"),
            new AdaptiveAveragePooling3D(new long[] { 3, 4, 2 }, dataFormat: "channels_last"), new SpatialDropout3D(0.2, dataFormat: "channels_last")),
        ["adaptive_2d_unequal_windows"] = () => Stack(new long[] { 2, 7, 9 }, new AdaptiveMaxPooling2D(new long[] { 3, 4 }), new Conv2D(2, 1),
            new AdaptiveAveragePooling2D(new long[] { 2, 3 })),
        ["einsum_unit_normalization"] = () => Stack(new long[] { 5, 4 }, new EinsumDense("abc,cde->abde", new long?[] { 5, 3, 2 }, biasAxes: "de", activation: "gelu"),
            new Reshape(new long[] { 5, 6 }), new UnitNormalization(axis: 1), new EinsumDense("...b,bc->...c", new long?[] { 3 }, biasAxes: "c")),
        ["time_distributed_conv"] = () => Stack(new long[] { 3, 2, 6, 6 }, new TimeDistributed(new Conv2D(3, 3, activation: "relu")),
            new TimeDistributed(new Flatten()), new TimeDistributed(new Dense(2))),
        ["spectral_normalization"] = () => Stack(new long[] { 5 }, new SpectralNormalization(new Dense(4)), new Dense(2)),
        ["resizing_down_and_nearest_up"] = () => Stack(new long[] { 2, 13, 9 }, new Resizing(6, 4), new Resizing(11, 10, "nearest"),
            new Resizing(5, 5, cropToAspectRatio: true), new CenterCrop(3, 4), new RandomCrop(6, 3)),
        ["dot_axes"] = Dot,
        ["attention_scores"] = Attentions,
        ["multi_head_attention_axes_scores"] = MultiHeadAttentionAxes,
        ["group_query_attention_mask_scores"] = GroupQuery,
    };

    public static TheoryData<string> Names() => new(Models.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void ExportedModelMatchesKerasNetInOnnxRuntime(string name)
    {
        torch.manual_seed(13);
        var model = Models[name]();
        OnnxRuntimeCheck.RandomizeStatistics(model);
        OnnxRuntimeCheck.AssertMatches(model, OnnxLayerExportTests.RandomInputs(model, 1), OnnxLayerExportTests.RandomInputs(model, 4));
    }

    [Fact]
    public void AdaptedNormalizationExports()
    {
        torch.manual_seed(2);
        var normalization = new Normalization(axis: new long[] { -1 });
        normalization.Adapt(torch.randn(50, 4) * 3 + 5);
        var model = Stack(new long[] { 4 }, normalization, new Dense(2));
        OnnxRuntimeCheck.AssertMatches(model, new[] { torch.randn(1, 4) * 3 + 5 }, new[] { torch.randn(6, 4) * 3 + 5 });
    }

    [Fact]
    public void AttentionWithCausalMaskRunsAtAnySequenceLength()
    {
        torch.manual_seed(4);
        var query = Keras.Input(new long[] { -1, 4 }, name: "query");
        var value = Keras.Input(new long[] { -1, 4 }, name: "value");
        var attended = new AdditiveAttention(useCausalMask: true).Apply(query, value);
        var model = new Model(new[] { query, value }, new[] { attended });
        OnnxRuntimeCheck.AssertMatches(model, new[] { torch.randn(2, 3, 4), torch.randn(2, 5, 4) }, new[] { torch.randn(3, 6, 4), torch.randn(3, 6, 4) });
    }

    [Fact]
    public void MaskedMultiHeadAttentionOverSeveralAxesIsRefusedByName()
    {
        var x = Keras.Input(new long[] { 3, 4, 6 });
        var mha = new MultiHeadAttention(2, 3, useCausalMask: true, name: "grid_attention");
        var model = new Model(x, mha.Apply(x, x));
        var error = Assert.Throws<OnnxExportException>(() => OnnxRuntimeCheck.ExportToTemp(model));
        Assert.Equal("grid_attention", error.LayerName);
        Assert.Contains("causal mask over the attention axes [1, 2]", error.Message);
    }

    private static Model Dot()
    {
        var a = Keras.Input(new long[] { 3, 4 }, name: "a");
        var b = Keras.Input(new long[] { 5, 4 }, name: "b");
        var c = Keras.Input(new long[] { 3, 2 }, name: "c");
        var pairs = new Dot(new long[] { 2, 2 }).Apply(a, b);
        var cosine = new Dot(new long[] { 1, 1 }, normalize: true).Apply(a, c);
        var vectors = new Dot(new long[] { -1 }).Apply(new Flatten().Apply(a), new Flatten().Apply(a));
        return new Model(new[] { a, b, c }, new[] { pairs, cosine, vectors });
    }

    private static Model Attentions()
    {
        var query = Keras.Input(new long[] { 3, 4 }, name: "query");
        var value = Keras.Input(new long[] { 5, 4 }, name: "value");
        var key = Keras.Input(new long[] { 5, 4 }, name: "key");
        var dot = new Attention(useScale: true, returnAttentionScores: true).ApplyMulti(query, value, key);
        var concat = new Attention(scoreMode: "concat", useScale: true, useCausalMask: true).Apply(query, value);
        var additive = new AdditiveAttention(returnAttentionScores: true).ApplyMulti(query, value);
        return new Model(new[] { query, value, key }, new[] { dot[0], dot[1], concat, additive[0], additive[1] });
    }

    private static Model MultiHeadAttentionAxes()
    {
        var query = Keras.Input(new long[] { 2, 3, 4, 5 }, name: "query");
        var value = Keras.Input(new long[] { 2, 3, 6, 5 }, name: "value");
        var mha = new MultiHeadAttention(2, 3, attentionAxes: new long[] { 3, 1 }, outputShape: new long[] { 2, 3 });
        var (output, scores) = mha.ApplyWithScores(query, value);
        return new Model(new[] { query, value }, new[] { output, scores });
    }

    private static Model GroupQuery()
    {
        var query = Keras.Input(new long[] { 4, 6 }, name: "query");
        var value = Keras.Input(new long[] { 5, 3 }, name: "value");
        var mask = Keras.Input(new long[] { 4, 5 }, name: "mask");
        var gqa = new GroupQueryAttention(headDim: 2, numQueryHeads: 4, numKeyValueHeads: 2, useGate: true, slidingWindow: 3);
        var (output, scores) = gqa.ApplyWithScores(query, value, attentionMask: mask);
        return new Model(new[] { query, value, mask }, new[] { output, scores });
    }
}
