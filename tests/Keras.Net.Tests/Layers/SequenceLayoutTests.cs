using KerasNet.Layers;
using KerasNet.Serialization;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// Sequence layers are (batch, steps, features) by default whatever <see cref="Config.ImageDataFormat"/> says
/// (DESIGN.md, "Layouts"), as Keras's: the shapes of keras.io's "Text classification from scratch", the explicit
/// channels-first layout, and a Keras config without a data format.
/// </summary>
[Collection(GlobalConfigCollection.Name)]
public sealed class SequenceLayoutTests
{
    [Theory]
    [InlineData(ImageDataFormat.ChannelsFirst)]
    [InlineData(ImageDataFormat.ChannelsLast)]
    public void TextClassificationShapesAreKerassUnderEitherImageSetting(ImageDataFormat setting)
    {
        try
        {
            Config.ImageDataFormat = setting;
            var tokens = Keras.Input(500);
            var x = new Embedding(20000, 128).Apply(tokens);
            x = new Conv1D(128, 7, strides: 3, padding: "valid", activation: "relu").Apply(x);
            Assert.Equal(new TensorShape(null, 165, 128), x.Shape);
            x = new Conv1D(128, 7, strides: 3, padding: "valid", activation: "relu").Apply(x);
            Assert.Equal(new TensorShape(null, 53, 128), x.Shape);
            Assert.Equal(new TensorShape(null, 26, 128), new MaxPooling1D().Apply(x).Shape);
            Assert.Equal(new TensorShape(null, 27, 128), new AveragePooling1D(2, padding: "same").Apply(x).Shape);
            Assert.Equal(new TensorShape(null, 107, 4), new Conv1DTranspose(4, 3, strides: 2).Apply(x).Shape);
            Assert.Equal(new TensorShape(null, 128), new GlobalAveragePooling1D().Apply(x).Shape);
            Assert.Equal(new TensorShape(null, 128), new GlobalMaxPooling1D().Apply(x).Shape);
            Assert.Equal(new TensorShape(null, 1, 128), new GlobalMaxPooling1D(keepdims: true).Apply(x).Shape);
        }
        finally
        {
            Config.ImageDataFormat = ImageDataFormat.ChannelsFirst;
        }
    }

    [Fact]
    public void ExplicitChannelsFirstStillPoolsAndConvolvesTheLastAxis()
    {
        using var scope = torch.NewDisposeScope();
        var input = Keras.Input(128, 500);
        Assert.Equal(new TensorShape(null, 128, 165), new Conv1D(128, 7, strides: 3, dataFormat: "channels_first").Apply(input).Shape);
        Assert.Equal(new TensorShape(null, 128, 250), new MaxPooling1D(dataFormat: "channels_first").Apply(input).Shape);
        Assert.Equal(new TensorShape(null, 128), new GlobalAveragePooling1D(dataFormat: "channels_first").Apply(input).Shape);

        // The default pools over axis 1 (steps): the same numbers as channels-first on the transposed input.
        var x = TestData.Randn(3, 2, 6, 4);
        var steps = new MaxPooling1D(2).Apply(x);
        var channelsFirst = new MaxPooling1D(2, dataFormat: "channels_first").Apply(x.transpose(1, 2));
        Assert.Equal(new long[] { 2, 3, 4 }, steps.shape);
        Assert.True(steps.equal(channelsFirst.transpose(1, 2)).all().item<bool>());
    }

    [Fact]
    public void KerasConfigWithoutADataFormatIsStepsFirstAndConfigsSayTheirFormat()
    {
        var config = new Dictionary<string, object?> { ["filters"] = 8L, ["kernel_size"] = new[] { 3L } };
        using var conv = KerasRegistry.FromConfig<Layer>("Conv1D", config);
        Assert.Equal(ImageDataFormat.ChannelsLast, ((Conv1D)conv).Format);
        using var pooling = KerasRegistry.FromConfig<Layer>("GlobalAveragePooling1D", new Dictionary<string, object?>());
        Assert.Equal(ImageDataFormat.ChannelsLast, ((GlobalAveragePooling1D)pooling).Format);

        using var explicitFirst = new Conv1D(8, 3, dataFormat: "channels_first");
        Assert.Equal("channels_first", explicitFirst.GetConfig()["data_format"]);
        using var restored = KerasRegistry.FromConfig<Layer>("Conv1D", TestData.ParseJson(TestData.Json(explicitFirst.GetConfig())));
        Assert.Equal(ImageDataFormat.ChannelsFirst, ((Conv1D)restored).Format);
    }
}
