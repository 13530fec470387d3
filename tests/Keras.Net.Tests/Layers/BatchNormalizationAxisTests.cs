using KerasNet.Layers;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// BatchNormalization without an axis: the channel axis of images under the image setting, the last (feature) axis of
/// a (batch, steps, features) sequence whatever the setting; the resolved axis is what its config records.
/// </summary>
[Collection(GlobalConfigCollection.Name)]
public sealed class BatchNormalizationAxisTests
{
    // Batch statistics over every axis but the feature axis (biased variance), Keras's epsilon 1e-3.
    private static Tensor Normalized(Tensor x, long featureAxis)
    {
        var dims = Enumerable.Range(0, (int)x.dim()).Where(d => d != featureAxis).Select(d => (long)d).ToArray();
        var mean = x.mean(dims, keepdim: true);
        var variance = (x - mean).square().mean(dims, keepdim: true);
        return (x - mean) / (variance + 1e-3).sqrt();
    }

    [Theory]
    [InlineData(ImageDataFormat.ChannelsFirst)]
    [InlineData(ImageDataFormat.ChannelsLast)]
    public void ASequenceIsNormalizedOverItsFeaturesWhateverTheImageSetting(ImageDataFormat setting)
    {
        var saved = Config.ImageDataFormat;
        try
        {
            Config.ImageDataFormat = setting;
            using var scope = torch.NewDisposeScope();
            using var layer = new BatchNormalization();
            var x = TestData.Randn(11, 4, 6, 3) * 2 + 1;
            var y = layer.Apply(x, training: true);
            Assert.Equal(-1, layer.Axis);
            Assert.Equal(new long[] { 3 }, layer.MovingMean.Shape);
            Assert.True(y.allclose(Normalized(x, 2), rtol: 1e-5, atol: 1e-5));
            Assert.Equal(-1, layer.GetConfig()["axis"]);
        }
        finally { Config.ImageDataFormat = saved; }
    }

    [Fact]
    public void ImagesKeepTheChannelAxisOfTheSetting()
    {
        var saved = Config.ImageDataFormat;
        try
        {
            Config.ImageDataFormat = ImageDataFormat.ChannelsFirst;
            using var scope = torch.NewDisposeScope();
            using var first = new BatchNormalization();
            Assert.Null(first.Axis);
            Assert.Null(first.GetConfig()["axis"]);
            var x = TestData.Randn(12, 4, 3, 5, 5);
            Assert.True(first.Apply(x, training: true).allclose(Normalized(x, 1), rtol: 1e-5, atol: 1e-5));
            Assert.Equal(1, first.Axis);
            Assert.Equal(1, first.GetConfig()["axis"]);
            using var dense = new BatchNormalization();
            dense.Apply(TestData.Randn(13, 4, 7));
            Assert.Equal(1, dense.Axis);
            Assert.Equal(new long[] { 7 }, dense.MovingMean.Shape);

            Config.ImageDataFormat = ImageDataFormat.ChannelsLast;
            using var last = new BatchNormalization();
            Assert.Equal(-1, last.Axis);
            var xl = TestData.Randn(14, 4, 5, 5, 3);
            Assert.True(last.Apply(xl, training: true).allclose(Normalized(xl, 3), rtol: 1e-5, atol: 1e-5));
        }
        finally { Config.ImageDataFormat = saved; }
    }

    [Fact]
    public void AnOldConfigWithAxisOneStillNormalizesAxisOneOfASequence()
    {
        using var scope = torch.NewDisposeScope();
        // Configs written before sequences defaulted to their last axis recorded axis 1 under channels-first.
        var config = new BatchNormalization(axis: 1).GetConfig();
        config.Remove("name");
        using var restored = (BatchNormalization)Layer.FromConfig("BatchNormalization", config);
        var x = TestData.Randn(15, 4, 6, 3);
        Assert.True(restored.Apply(x, training: true).allclose(Normalized(x, 1), rtol: 1e-5, atol: 1e-5));
        Assert.Equal(new long[] { 6 }, restored.MovingMean.Shape);

        using var sequence = new BatchNormalization();
        sequence.Apply(x);
        var rebuilt = sequence.GetConfig();
        rebuilt.Remove("name");
        using var again = (BatchNormalization)Layer.FromConfig("BatchNormalization", rebuilt);
        Assert.Equal(-1, again.Axis);
    }
}
