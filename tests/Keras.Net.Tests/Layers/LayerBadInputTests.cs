using KerasNet.Layers;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// Bad input per layer family: each layer is first built on a good input, then called on a bad one (wrong rank or
/// wrong channel/feature count). The error is an <see cref="ArgumentException"/> whose message names the layer,
/// says what it expects and shows the received shape, as DESIGN.md's example:
/// <c>Conv2D 'conv2d_1' expects input of rank 4 (batch, channels, height, width) with 1 channel; received shape (128, 28, 28).</c>
/// </summary>
public class LayerBadInputTests
{
    /// <param name="Create">The layer (default, channels-first layout).</param>
    /// <param name="Good">A per-sample input shape it accepts (built on it first), or null to call it on the bad input unbuilt.</param>
    /// <param name="Bad">A full input shape (batch included) it must reject.</param>
    /// <param name="Expected">Text the message must contain besides the layer name and the received shape.</param>
    public sealed record BadCase(Func<Layer> Create, long[]? Good, long[] Bad, string[] Expected);

    private static readonly Dictionary<string, BadCase> Cases = new()
    {
        ["dense_rank1"] = new(() => new Dense(3), null, new long[] { 5 }, new[] { "rank >= 2", "Add a feature axis" }),
        ["dense_features"] = new(() => new Dense(3), new long[] { 4 }, new long[] { 2, 5 }, new[] { "4 input features" }),
        ["conv2d_rank"] = new(() => new Conv2D(8, 3), new long[] { 1, 28, 28 }, new long[] { 128, 28, 28 },
            new[] { "rank 4", "(batch, channels, height, width)", "x.unsqueeze(1)" }),
        ["conv2d_channels"] = new(() => new Conv2D(8, 3), new long[] { 1, 28, 28 }, new long[] { 4, 3, 28, 28 }, new[] { "1 channel" }),
        ["conv2d_channels_last_hint"] = new(() => new Conv2D(8, 3), new long[] { 3, 28, 28 }, new long[] { 4, 28, 28, 3 },
            new[] { "3 channel", "channels_last" }),
        ["conv1d_rank"] = new(() => new Conv1D(4, 3), new long[] { 10, 3 }, new long[] { 2, 10, 3, 1 }, new[] { "rank 3", "(batch, steps, channels)" }),
        ["conv3d_channels"] = new(() => new Conv3D(2, 2), new long[] { 3, 4, 4, 4 }, new long[] { 2, 2, 4, 4, 4 }, new[] { "3 channel" }),
        ["conv2d_groups"] = new(() => new Conv2D(4, 3, groups: 2), null, new long[] { 2, 3, 6, 6 }, new[] { "divisible by groups (2)" }),
        ["conv2d_transpose_channels"] = new(() => new Conv2DTranspose(4, 3), new long[] { 2, 5, 5 }, new long[] { 2, 3, 5, 5 }, new[] { "2 input channels" }),
        ["depthwise_rank"] = new(() => new DepthwiseConv2D(3), new long[] { 3, 8, 8 }, new long[] { 2, 3, 8 }, new[] { "rank 4" }),
        ["depthwise_channels"] = new(() => new DepthwiseConv2D(3), new long[] { 3, 8, 8 }, new long[] { 2, 4, 8, 8 }, new[] { "3 channel" }),
        ["separable_rank"] = new(() => new SeparableConv2D(4, 3), null, new long[] { 2, 3, 8 }, new[] { "rank 4" }),
        ["separable_channels"] = new(() => new SeparableConv2D(4, 3), new long[] { 3, 8, 8 }, new long[] { 2, 5, 8, 8 }, new[] { "3 channel" }),
        ["max_pooling2d_rank"] = new(() => new MaxPooling2D(), null, new long[] { 2, 8, 8 }, new[] { "rank 4" }),
        ["max_pooling2d_too_small"] = new(() => new MaxPooling2D(3), null, new long[] { 2, 1, 2, 8 }, new[] { "pool size", "padding: \"same\"" }),
        ["average_pooling1d_rank"] = new(() => new AveragePooling1D(), null, new long[] { 2, 8 }, new[] { "rank 3" }),
        ["global_pooling_rank"] = new(() => new GlobalAveragePooling2D(), null, new long[] { 2, 3, 8 }, new[] { "rank 4" }),
        ["zero_padding_rank"] = new(() => new ZeroPadding2D(1), null, new long[] { 2, 3, 8 }, new[] { "rank 4" }),
        ["cropping_too_much"] = new(() => new Cropping2D(2), null, new long[] { 2, 3, 4, 8 }, new[] { "larger than the cropping" }),
        ["reshape_size"] = new(() => new Reshape(new long[] { 5, 2 }), null, new long[] { 2, 3, 4 }, new[] { "10 elements", "12 elements" }),
        ["permute_rank"] = new(() => new Permute(new long[] { 2, 1 }), null, new long[] { 2, 3, 4, 5 }, new[] { "rank 3" }),
        ["repeat_vector_rank"] = new(() => new RepeatVector(2), null, new long[] { 2, 3, 4 }, new[] { "rank 2" }),
        ["batch_norm_rank"] = new(() => new BatchNormalization(), null, new long[] { 5 }, new[] { "rank >= 2" }),
        ["batch_norm_features"] = new(() => new BatchNormalization(), new long[] { 6 }, new long[] { 2, 7 }, new[] { "6 features" }),
        ["layer_norm_axis"] = new(() => new LayerNormalization(axis: new long[] { 3 }), null, new long[] { 2, 4 }, new[] { "normalized axes (3)" }),
        ["group_norm_groups"] = new(() => new GroupNormalization(groups: 4), null, new long[] { 2, 6, 3, 3 }, new[] { "divisible by groups (4)" }),
        ["spatial_dropout_rank"] = new(() => new SpatialDropout2D(0.5), null, new long[] { 2, 3, 4 }, new[] { "rank 4" }),
    };

    public static IEnumerable<object[]> Ids() => Cases.Keys.Select(k => new object[] { k });

    /// <summary>Asserts that <paramref name="message"/> contains every text, showing the whole message when not.</summary>
    internal static void AssertMentions(string message, params string[] texts)
    {
        foreach (var text in texts)
            Assert.True(message.Contains(text, StringComparison.Ordinal), $"The message does not contain \"{text}\":\n{message}");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void BadInputNamesTheLayerTheExpectationAndTheReceivedShape(string id)
    {
        var c = Cases[id];
        using var scope = torch.NewDisposeScope();
        using var layer = c.Create();
        if (c.Good is not null) layer.Apply(torch.zeros(new long[] { 2 }.Concat(c.Good).ToArray()));
        var error = Assert.ThrowsAny<ArgumentException>(() => layer.Apply(torch.zeros(c.Bad)));
        AssertMentions(error.Message, $"{layer.GetType().Name} '{layer.Name}'", "received shape " + TensorShape.Of(c.Bad));
        AssertMentions(error.Message, c.Expected);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void SymbolicBadInputIsRejectedWithTheSameMessage(string id)
    {
        var c = Cases[id];
        using var layer = c.Create();
        if (c.Good is not null) layer.Apply(Keras.Input(c.Good));
        var bad = Keras.Input(c.Bad.Skip(1).ToArray());
        var error = Assert.ThrowsAny<ArgumentException>(() => layer.Apply(bad));
        AssertMentions(error.Message, $"'{layer.Name}'", "received shape " + TensorShape.WithBatch(c.Bad.Skip(1).ToArray()));
    }

    [Fact]
    public void MergingLayersNameBothShapes()
    {
        using var add = new Add();
        var error = Assert.ThrowsAny<ArgumentException>(() => add.Apply(Keras.Input(4), Keras.Input(5)));
        Assert.Contains($"Add '{add.Name}'", error.Message);
        Assert.Contains("(None, 4)", error.Message);
        Assert.Contains("(None, 5)", error.Message);

        using var concat = new Concatenate();
        error = Assert.ThrowsAny<ArgumentException>(() => concat.Apply(Keras.Input(2, 3), Keras.Input(4, 5)));
        Assert.Contains($"Concatenate '{concat.Name}'", error.Message);
        Assert.Contains("(None, 2, 3)", error.Message);
        Assert.Contains("(None, 4, 5)", error.Message);

        using var dot = new Dot(new long[] { 1 });
        error = Assert.ThrowsAny<ArgumentException>(() => dot.Apply(Keras.Input(3), Keras.Input(4)));
        Assert.Contains($"Dot '{dot.Name}'", error.Message);
        Assert.Contains("3 vs 4", error.Message);

        using var subtract = new Subtract();
        error = Assert.ThrowsAny<ArgumentException>(() => subtract.Apply(Keras.Input(4), Keras.Input(4), Keras.Input(4)));
        Assert.Contains("exactly 2 inputs; received 3", error.Message);
    }

    [Fact]
    public void SingleInputLayerRejectsSeveralInputs()
    {
        using var dense = new Dense(2);
        var error = Assert.ThrowsAny<ArgumentException>(() => dense.Apply(Keras.Input(3), Keras.Input(3)));
        Assert.Contains($"Dense '{dense.Name}' takes exactly one input; received 2", error.Message);
    }

    [Fact]
    public void InvalidConstructorArgumentsAreRejectedAtConstruction()
    {
        Assert.Contains("units", Assert.ThrowsAny<ArgumentException>(() => new Dense(0)).Message);
        Assert.Contains("kernelSize must be one number or 2 numbers", Assert.ThrowsAny<ArgumentException>(() => new Conv2D(4, new long[] { 1, 2, 3 })).Message);
        Assert.Contains("padding must be 'valid' or 'same'", Assert.ThrowsAny<ArgumentException>(() => new Conv2D(4, 3, padding: "full")).Message);
        Assert.Contains("'causal'", Assert.ThrowsAny<ArgumentException>(() => new Conv1D(4, 3, padding: "full")).Message);
        Assert.Contains("strides > 1 cannot be combined with dilationRate > 1",
            Assert.ThrowsAny<ArgumentException>(() => new Conv2D(4, 3, strides: 2, dilationRate: 2)).Message);
        Assert.Contains("groups", Assert.ThrowsAny<ArgumentException>(() => new Conv2D(5, 3, groups: 2)).Message);
        Assert.Contains("rate", Assert.ThrowsAny<ArgumentException>(() => new Dropout(1.0)).Message);
        Assert.Contains("channels_first", Assert.ThrowsAny<ArgumentException>(() => new Conv2D(4, 3, dataFormat: "nhwc")).Message);
        Assert.Contains("at most one -1", Assert.ThrowsAny<ArgumentException>(() => new Reshape(new long[] { -1, -1 })).Message);
        Assert.Contains("permutation", Assert.ThrowsAny<ArgumentException>(() => new Permute(new long[] { 1, 3 })).Message);
        Assert.Contains("momentum", Assert.ThrowsAny<ArgumentException>(() => new BatchNormalization(momentum: 1.5)).Message);
        Assert.Contains("outputPadding", Assert.ThrowsAny<ArgumentException>(() => new Conv2DTranspose(2, 3, strides: 2, outputPadding: 2)).Message);
        Assert.Contains("Unknown activation 'rellu'", Assert.ThrowsAny<ArgumentException>(() => new Dense(2, activation: "rellu")).Message);
        Assert.Contains("invalid", Assert.ThrowsAny<ArgumentException>(() => new Dense(2, name: "a/b")).Message);
    }
}
