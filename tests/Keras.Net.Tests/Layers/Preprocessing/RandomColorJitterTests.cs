using KerasNet.Layers;
using static KerasNet.Tests.Layers.Preprocessing.ColorAugmentationChecks;

namespace KerasNet.Tests.Layers.Preprocessing;

/// <summary>RandomColorJitter: its steps in Keras's order with fixed factors, seeded, at inference, with bad arguments and through its config.</summary>
public class RandomColorJitterTests
{
    [Fact]
    public void FixedFactorsComposeBrightnessThenSaturation()
    {
        using var scope = torch.NewDisposeScope();
        using var fx = Load();
        var x = fx["saturation.x"];
        var range = new double[] { 0, 1 };
        using var layer = new RandomColorJitter(range, brightnessFactor: new[] { 0.1, 0.1 }, saturationFactor: new[] { 0.25, 0.25 }, dataFormat: "channels_first");
        // Brightness +0.1 (clipped to the range), then the saturation scaled by 0.25 / 0.75.
        using var saturation = new RandomSaturation(0.25, factorLower: 0.25, valueRange: range, dataFormat: "channels_first");
        TestData.Close(saturation.Apply((x + 0.1).clamp(0, 1), training: true), layer.Apply(x, training: true), "jitter", rtol: 1e-5, atol: 1e-5);

        // Hue alone at a fixed factor is RandomHue's fixed turn of ±0.2 on each image.
        using var hue = new RandomColorJitter(range, hueFactor: new[] { 0.4, 0.4 }, seed: 2, dataFormat: "channels_last");
        var turned = hue.Apply(ChannelsLast(fx["hue.x"]), training: true).permute(0, 3, 1, 2).to(ScalarType.Float64);
        for (var i = 0; i < 2; i++)
            Assert.True(Math.Min((turned[i] - fx["hue.plus"][i]).abs().max().ToDouble(), (turned[i] - fx["hue.minus"][i]).abs().max().ToDouble()) < 1e-5, $"image {i}");
    }

    [Fact]
    public void StepsRunInKerasOrderEachWithItsOwnSeed()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Rand(12, 4, 3, 5, 6) * 255;
        using var layer = new RandomColorJitter(brightnessFactor: new[] { 0.2 }, contrastFactor: new[] { 0.3 }, saturationFactor: new[] { 0.2, 0.8 },
            hueFactor: new[] { 0.5 }, seed: 20, dataFormat: "channels_first");
        using var brightness = new RandomBrightness(0.2, seed: 20, dataFormat: "channels_first");
        using var contrast = new RandomContrast(0.3, seed: 21, dataFormat: "channels_first");
        using var saturation = new RandomSaturation(0.8, factorLower: 0.2, seed: 22, dataFormat: "channels_first");
        using var hue = new RandomHue(0.5, seed: 23, dataFormat: "channels_first");
        var expected = x;
        foreach (var step in new Layer[] { brightness, contrast, saturation, hue }) expected = step.Apply(expected, training: true);
        TestData.Close(expected, layer.Apply(x, training: true), "jitter against its four steps", rtol: 1e-5, atol: 1e-3);
    }

    [Fact]
    public void SeededDrawsRepeatAndInferenceIsTheIdentity()
    {
        using var scope = torch.NewDisposeScope();
        SeededAndIdentityAtInference(seed => new RandomColorJitter(brightnessFactor: new[] { 0.2 }, contrastFactor: new[] { 0.2 }, saturationFactor: new[] { 0.3, 0.7 },
            hueFactor: new[] { 0.5 }, seed: seed, dataFormat: "channels_first"), TestData.Rand(9, 4, 3, 5, 5) * 255);
        using var none = new RandomColorJitter(dataFormat: "channels_first");
        var x = TestData.Rand(10, 2, 1, 3, 3);
        Assert.True(x.equal(none.Apply(x, training: true)).all().item<bool>());
    }

    [Fact]
    public void BadArgumentsNameTheJitterArgument()
    {
        Rejects<ArgumentException>(() => new RandomColorJitter(hueFactor: new[] { 1.5 }), "hueFactor", "RandomColorJitter: hueFactor [1.5] is not valid: RandomHue: factor must be in [0, 1]");
        Rejects<ArgumentException>(() => new RandomColorJitter(brightnessFactor: new[] { 0.1, 0.2, 0.3 }), "brightnessFactor", "one value or two");
        Rejects<ArgumentException>(() => new RandomColorJitter(contrastFactor: new[] { -0.2 }), "contrastFactor", "RandomContrast");
        Rejects<ArgumentException>(() => new RandomColorJitter(valueRange: new double[] { 5, 1 }), "valueRange", "RandomColorJitter: valueRange");
        using var layer = new RandomColorJitter(saturationFactor: new[] { 0.5 }, dataFormat: "channels_first");
        Assert.Contains("3 channels", Assert.ThrowsAny<ArgumentException>(() => layer.Apply(torch.zeros(2, 1, 4, 4), training: true)).Message, StringComparison.Ordinal);
        using var brightOnly = new RandomColorJitter(brightnessFactor: new[] { 0.5 }, dataFormat: "channels_first");
        Assert.Equal(new long[] { 2, 1, 4, 4 }, brightOnly.Apply(torch.zeros(2, 1, 4, 4), training: true).shape);
    }

    [Fact]
    public void ConfigRoundTrips()
    {
        using var layer = new RandomColorJitter(new double[] { 0, 1 }, brightnessFactor: new[] { 0.2 }, hueFactor: new[] { 0.1, 0.3 }, seed: 5);
        using var copy = (RandomColorJitter)RoundTrip(layer, "value_range", "brightness_factor", "contrast_factor", "saturation_factor", "hue_factor", "seed");
        Assert.Equal(new[] { 0.1, 0.3 }, copy.HueFactor);
        Assert.Null(copy.ContrastFactor);
    }
}
