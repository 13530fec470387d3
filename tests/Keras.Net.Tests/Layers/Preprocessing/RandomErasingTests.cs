using KerasNet.Layers;
using static KerasNet.Tests.Layers.Preprocessing.ColorAugmentationChecks;

namespace KerasNet.Tests.Layers.Preprocessing;

/// <summary>RandomErasing: the erased rectangle's size and fill, the erasing probability, seeds, inference, bad arguments and config.</summary>
public class RandomErasingTests
{
    [Fact]
    public void FixedScaleErasesAFiveByFiveRectangleOnEveryChannel()
    {
        using var scope = torch.NewDisposeScope();
        // scale 0.25 on both sides: √0.25 · 10 = 5 rows and 5 columns, wherever the rectangle is placed.
        var x = torch.full(6, 3, 10, 10, 100f);
        using var layer = new RandomErasing(factorLower: 1, scale: new[] { 0.25, 0.25 }, fillValue: 7, seed: 2, dataFormat: "channels_first");
        var y = layer.Apply(x, training: true);
        for (var i = 0; i < 6; i++)
        {
            var erased = y[i].eq(7);
            Assert.Equal(75, erased.sum().ToInt64());
            Assert.True(erased[0].equal(erased[1]).all().item<bool>() && erased[0].equal(erased[2]).all().item<bool>(), $"image {i}: channels differ");
            var rows = erased[0].any(1).sum().ToInt64();
            var columns = erased[0].any(0).sum().ToInt64();
            Assert.Equal((5L, 5L), (rows, columns));
        }
        Assert.Equal(6 * 225, y.eq(100).sum().ToInt64());

        // Channels-last draws the same rectangles; a fill value outside the range is clipped to it.
        using var last = new RandomErasing(factorLower: 1, scale: new[] { 0.25, 0.25 }, fillValue: 7, seed: 2, dataFormat: "channels_last");
        Assert.True(ChannelsLast(y).equal(last.Apply(ChannelsLast(x), training: true)).all().item<bool>());
        using var clipped = new RandomErasing(factorLower: 1, scale: new[] { 0.25, 0.25 }, fillValue: 300, dataFormat: "channels_first");
        Assert.Equal(6 * 75, clipped.Apply(x, training: true).eq(255).sum().ToInt64());
    }

    [Fact]
    public void ProbabilityBoundsAndNoiseFill()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.full(200, 1, 6, 6, 0.5f);
        using var never = new RandomErasing(0, valueRange: new double[] { 0, 1 }, dataFormat: "channels_first");
        Assert.True(x.equal(never.Apply(x, training: true)).all().item<bool>());
        // A single factor 1 draws p in [0, 1]: about half of the images are erased (Keras's reading).
        using var half = new RandomErasing(scale: new[] { 0.5, 0.5 }, fillValue: 0, valueRange: new double[] { 0, 1 }, seed: 4, dataFormat: "channels_first");
        var erasedImages = half.Apply(x, training: true).eq(0).flatten(1).any(1).sum().ToInt64();
        Assert.InRange(erasedImages, 70, 130);
        // Noise fill: values in the range, not all equal.
        using var noise = new RandomErasing(factorLower: 1, scale: new[] { 1.0, 1.0 }, valueRange: new double[] { -1, 1 }, seed: 5, dataFormat: "channels_first");
        var filled = noise.Apply(x.narrow(0, 0, 2), training: true);
        Assert.True(filled.min().ToDouble() >= -1 && filled.max().ToDouble() <= 1);
        Assert.True(filled.std().ToDouble() > 0.3, "noise fill is not noisy");
    }

    [Fact]
    public void SeededDrawsRepeatAndInferenceIsTheIdentity()
    {
        using var scope = torch.NewDisposeScope();
        SeededAndIdentityAtInference(seed => new RandomErasing(factorLower: 1, seed: seed, dataFormat: "channels_first"), TestData.Rand(11, 4, 3, 8, 8) * 255);
    }

    [Fact]
    public void BadArgumentsRaiseTypedErrors()
    {
        Rejects<ArgumentOutOfRangeException>(() => new RandomErasing(1.1), "factor", "RandomErasing: factor must be in [0, 1]");
        Rejects<ArgumentOutOfRangeException>(() => new RandomErasing(scale: new[] { 0.5, 0.2 }), "scale", "RandomErasing: scale must be (lower, upper)");
        Rejects<ArgumentOutOfRangeException>(() => new RandomErasing(scale: new[] { 0.5 }), "scale", "RandomErasing: scale");
        Rejects<ArgumentException>(() => new RandomErasing(valueRange: new double[] { 3, 3 }), "valueRange", "RandomErasing: valueRange");
    }

    [Fact]
    public void ConfigRoundTrips()
    {
        using var layer = new RandomErasing(0.8, factorLower: 0.3, scale: new[] { 0.1, 0.2 }, fillValue: 12.5, seed: 6);
        using var copy = (RandomErasing)RoundTrip(layer, "factor", "scale", "fill_value", "value_range", "seed", "data_format");
        Assert.Equal((0.8, 0.3, 12.5), (copy.Factor, copy.FactorLower!.Value, copy.FillValue!.Value));
        Assert.Equal(new[] { 0.1, 0.2 }, copy.Scale);
        using var noise = (RandomErasing)RoundTrip(new RandomErasing());
        Assert.Null(noise.FillValue);
    }
}
