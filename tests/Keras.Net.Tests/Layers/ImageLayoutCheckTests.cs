using KerasNet.Layers;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// The build-time layout check of image layers (<c>ImageLayout</c>): an image that clearly has the other layout stops
/// the first layer that sees it with a <see cref="DataFormatMismatchException"/> naming the received shape, the
/// expected layout and both fixes; ambiguous or legitimate shapes, and layers given an explicit layout, pass.
/// </summary>
[Collection(GlobalConfigCollection.Name)]
public sealed class ImageLayoutCheckTests
{
    /// <summary>One layer of each image family, created with no layout argument (the global setting decides).</summary>
    private static readonly Dictionary<string, Func<Layer>> Families = new()
    {
        ["conv2d"] = () => new Conv2D(8, 3),
        ["conv2d_transpose"] = () => new Conv2DTranspose(4, 3),
        ["depthwise_conv2d"] = () => new DepthwiseConv2D(3),
        ["separable_conv2d"] = () => new SeparableConv2D(4, 3),
        ["max_pooling2d"] = () => new MaxPooling2D(),
        ["average_pooling2d"] = () => new AveragePooling2D(),
        ["global_average_pooling2d"] = () => new GlobalAveragePooling2D(),
        ["global_max_pooling2d"] = () => new GlobalMaxPooling2D(),
        ["zero_padding2d"] = () => new ZeroPadding2D(1),
        ["cropping2d"] = () => new Cropping2D(1),
        ["up_sampling2d"] = () => new UpSampling2D(2),
        ["batch_normalization"] = () => new BatchNormalization(),
        ["group_normalization"] = () => new GroupNormalization(groups: 1),
        ["random_flip"] = () => new RandomFlip(),
        ["resizing"] = () => new Resizing(8, 8),
    };

    public static IEnumerable<object[]> FamilyIds() => Families.Keys.Select(k => new object[] { k });

    private static Layer Create(string id, ImageDataFormat setting)
    {
        try
        {
            Config.ImageDataFormat = setting;
            return Families[id]();
        }
        finally
        {
            Config.ImageDataFormat = ImageDataFormat.ChannelsFirst;
        }
    }

    private static void AssertMentions(string message, params string[] texts) => LayerBadInputTests.AssertMentions(message, texts);

    [Theory]
    [MemberData(nameof(FamilyIds))]
    public void ChannelsLastImageFedToAChannelsFirstLayerIsRefusedWithBothFixes(string id)
    {
        using var layer = Create(id, ImageDataFormat.ChannelsFirst);
        var e = Assert.Throws<DataFormatMismatchException>(() => layer.Apply(Keras.Input(28, 28, 1)));
        Assert.Equal(ImageDataFormat.ChannelsFirst, e.Expected);
        Assert.Equal(TensorShape.WithBatch(28, 28, 1), e.ReceivedShape);
        AssertMentions(e.Message, $"{layer.GetType().Name} '{layer.Name}'", "received shape (None, 28, 28, 1)",
            "expects channels-first input (batch, channels, height, width)", "looks channels-last (batch, height, width, channels) with 1 channel",
            "Config.ImageDataFormat = ImageDataFormat.ChannelsLast", "Keras.Input(1, 28, 28)", "x.unsqueeze(1)", "x.permute(0, 3, 1, 2)");
        Assert.False(layer.Built);
    }

    [Theory]
    [MemberData(nameof(FamilyIds))]
    public void ChannelsFirstImageFedToAChannelsLastLayerIsRefusedWithBothFixes(string id)
    {
        using var layer = Create(id, ImageDataFormat.ChannelsLast);
        var e = Assert.Throws<DataFormatMismatchException>(() => layer.Apply(Keras.Input(3, 32, 32)));
        Assert.Equal(ImageDataFormat.ChannelsLast, e.Expected);
        AssertMentions(e.Message, "received shape (None, 3, 32, 32)", "expects channels-last input (batch, height, width, channels)",
            "looks channels-first (batch, channels, height, width) with 3 channels", "Config.ImageDataFormat = ImageDataFormat.ChannelsFirst",
            "Keras.Input(32, 32, 3)", "x.permute(0, 2, 3, 1)");
    }

    [Theory]
    [MemberData(nameof(FamilyIds))]
    public void MatchingLayoutsBuild(string id)
    {
        using (var first = Create(id, ImageDataFormat.ChannelsFirst)) first.Apply(Keras.Input(3, 32, 32));
        using var last = Create(id, ImageDataFormat.ChannelsLast);
        last.Apply(Keras.Input(32, 32, 3));
        Assert.True(last.Built);
    }

    [Theory]
    [InlineData(1, 3, 3)] // a 1-channel 3x3 image channels-first; as channels-last it would be 3x3 with 3 channels
    [InlineData(3, 3, 1)] // too small to tell
    [InlineData(4, 4, 4)]
    [InlineData(3, 32, 32)]
    [InlineData(1, 28, 28)]
    [InlineData(64, 7, 4)] // a feature map: 7 is below the smallest side the check trusts
    [InlineData(16, 32, 8)] // last axis not an image channel count
    [InlineData(2, 28, 1)] // the other axes must all exceed the would-be channel count and be image-sized
    [InlineData(256, 14, 4)] // a feature map of a wide input: as channels-last, a 256x14 image is too elongated to call
    public void AmbiguousOrChannelsFirstShapesPassAChannelsFirstLayer(long a, long b, long c)
    {
        using var scope = torch.NewDisposeScope();
        using var pooling = new GlobalAveragePooling2D();
        using var norm = new BatchNormalization();
        using var eager = new GlobalMaxPooling2D();
        var input = Keras.Input(a, b, c);
        Assert.Equal(new TensorShape(null, a), pooling.Apply(input).Shape);
        Assert.Equal(input.Shape, norm.Apply(input).Shape);
        Assert.Equal(new long[] { 2, a }, eager.Apply(torch.zeros(2, a, b, c)).shape);
    }

    [Theory]
    [InlineData(1, 3, 3)]
    [InlineData(3, 3, 1)]
    [InlineData(4, 7, 512)] // a feature map: 7 is below the smallest side the check trusts
    [InlineData(4, 8, 64)] // a feature map: as channels-first, an 8x64 image is too elongated to call
    [InlineData(32, 32, 3)]
    public void AmbiguousOrChannelsLastShapesPassAChannelsLastLayer(long a, long b, long c)
    {
        using var last = Create("global_average_pooling2d", ImageDataFormat.ChannelsLast);
        Assert.Equal(new TensorShape(null, c), last.Apply(Keras.Input(a, b, c)).Shape);
    }

    [Fact]
    public void AnExplicitLayoutIsTheUsersWordAndIsNotSecondGuessed()
    {
        using var conv = new Conv2D(2, 1, dataFormat: "channels_first");
        Assert.Equal(new TensorShape(null, 2, 28, 1), conv.Apply(Keras.Input(28, 28, 1)).Shape);
        using var norm = new BatchNormalization(axis: 1);
        Assert.Equal(TensorShape.WithBatch(28, 28, 1), norm.Apply(Keras.Input(28, 28, 1)).Shape);
        using var flagged = new BatchNormalization();
        AssertMentions(Assert.Throws<DataFormatMismatchException>(() => flagged.Apply(Keras.Input(28, 28, 1))).Message, "pass axis: 1 to this layer");
        using var pooling = new MaxPooling2D();
        AssertMentions(Assert.Throws<DataFormatMismatchException>(() => pooling.Apply(Keras.Input(28, 28, 1))).Message,
            "pass dataFormat: \"channels_first\" to this layer");
    }

    [Fact]
    public void EagerTensorsAndThreeDimensionalImagesAreChecked()
    {
        using var scope = torch.NewDisposeScope();
        using var conv = new Conv2D(4, 3);
        var e = Assert.Throws<DataFormatMismatchException>(() => conv.Apply(torch.zeros(2, 28, 28, 1)));
        AssertMentions(e.Message, "received shape (2, 28, 28, 1)", "Keras.Input(1, 28, 28)");

        using var conv3d = new Conv3D(2, 3);
        AssertMentions(Assert.Throws<DataFormatMismatchException>(() => conv3d.Apply(Keras.Input(16, 16, 16, 1))).Message,
            "(batch, channels, depth, height, width)", "Keras.Input(1, 16, 16, 16)", "x.permute(0, 4, 1, 2, 3)");
        using var conv3dLast = new Conv3D(2, 3, dataFormat: null);
        Assert.Equal(new TensorShape(null, 2, 14, 14, 14), conv3dLast.Apply(Keras.Input(1, 16, 16, 16)).Shape);
    }

    [Fact]
    public void KerasIoSimpleMnistConvnetStopsAtItsFirstLayerUnderChannelsFirst()
    {
        var inputs = Keras.Input(28, 28, 1);
        using var conv = new Conv2D(32, 3, activation: "relu");
        var e = Assert.Throws<DataFormatMismatchException>(() => conv.Apply(inputs));
        Assert.StartsWith($"Conv2D '{conv.Name}' expects channels-first input", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyTheFirstBuildIsChecked()
    {
        using var pooling = new GlobalAveragePooling2D();
        pooling.Apply(Keras.Input(30, 28, 28));
        Assert.Equal(new TensorShape(null, 28), pooling.Apply(Keras.Input(28, 28, 1)).Shape);
    }
}
