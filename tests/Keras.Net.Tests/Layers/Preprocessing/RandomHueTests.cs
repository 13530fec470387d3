using KerasNet.Layers;
using static KerasNet.Tests.Layers.Preprocessing.ColorAugmentationChecks;

namespace KerasNet.Tests.Layers.Preprocessing;

/// <summary>
/// RandomHue against torchvision's adjust_hue (a fixed factor of 0.4 turns each image by +0.2 or −0.2), on hand-worked
/// pixels, seeded, at inference, with bad arguments and through its config. Tolerances: float32 HSV round trips of
/// unit-range values (atol 1e-5; ×255 on the [0, 255] range).
/// </summary>
public class RandomHueTests
{
    [Fact]
    public void FixedFactorTurnsEachImageByPlusOrMinusHalfOfItAsTorchvision()
    {
        using var scope = torch.NewDisposeScope();
        using var fx = Load();
        var x = fx["hue.x"];
        using var layer = new RandomHue(0.4, factorLower: 0.4, valueRange: new double[] { 0, 1 }, seed: 3, dataFormat: "channels_first");
        var y = layer.Apply(x, training: true);
        var signs = new HashSet<string>();
        for (var i = 0; i < 2; i++)
        {
            var plus = (fx["hue.plus"][i] - y[i].to(ScalarType.Float64)).abs().max().ToDouble();
            var minus = (fx["hue.minus"][i] - y[i].to(ScalarType.Float64)).abs().max().ToDouble();
            Assert.True(Math.Min(plus, minus) < 1e-5, $"image {i}: off by {plus} from +0.2 and {minus} from -0.2");
            signs.Add(plus < minus ? "+" : "-");
        }
        // On [0, 255] and channels-last, the same turn applies to the scaled pixels.
        using var bytes = new RandomHue(0.4, factorLower: 0.4, seed: 3, dataFormat: "channels_last");
        var z = bytes.Apply(ChannelsLast(x * 255), training: true).permute(0, 3, 1, 2);
        TestData.Close(y * 255, z, "RandomHue on [0, 255], channels-last", rtol: 1e-5, atol: 3e-3);
    }

    [Fact]
    public void HandWorkedPixelsTurnThroughTheColorWheel()
    {
        using var scope = torch.NewDisposeScope();
        // Red, green, gray and a half-bright blue; a third of a turn takes red to green, green to blue, blue to red.
        var x = TestData.Floats(new float[] { 1, 0, 0.5f, 0, 0, 1, 0.5f, 0, 0, 0, 0.5f, 0.5f }, 1, 3, 2, 2);
        using var layer = new RandomHue(2 / 3.0, factorLower: 2 / 3.0, valueRange: new double[] { 0, 1 }, seed: 1, dataFormat: "channels_first");
        var y = layer.Apply(x, training: true);
        // Whichever sign was drawn, gray stays gray; a turn of ±1/3 moves red to green (+) or blue (−).
        var up = new float[] { 0, 0, 0.5f, 0.5f, 1, 0, 0.5f, 0, 0, 1, 0.5f, 0 };
        var down = new float[] { 0, 1, 0.5f, 0, 0, 0, 0.5f, 0.5f, 1, 0, 0.5f, 0 };
        var values = TestData.Values(y);
        var matchesUp = values.Zip(up).All(p => Math.Abs(p.First - p.Second) < 1e-5);
        var matchesDown = values.Zip(down).All(p => Math.Abs(p.First - p.Second) < 1e-5);
        Assert.True(matchesUp || matchesDown, $"got [{string.Join(", ", values)}]");
    }

    [Fact]
    public void SeededDrawsRepeatAndInferenceIsTheIdentity()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Rand(5, 4, 3, 6, 6) * 255;
        SeededAndIdentityAtInference(seed => new RandomHue(0.8, seed: seed, dataFormat: "channels_first"), x);
        using var none = new RandomHue(0.0, dataFormat: "channels_first");
        Assert.True(x.equal(none.Apply(x, training: true)).all().item<bool>());
    }

    [Fact]
    public void BadArgumentsAndInputsRaiseTypedErrors()
    {
        Rejects<ArgumentOutOfRangeException>(() => new RandomHue(1.5), "factor", "RandomHue: factor must be in [0, 1]");
        Rejects<ArgumentOutOfRangeException>(() => new RandomHue(0.3, factorLower: 0.5), "factorLower", "factorLower");
        Rejects<ArgumentException>(() => new RandomHue(0.3, valueRange: new double[] { 1, 0 }), "valueRange", "RandomHue: valueRange");
        using var layer = new RandomHue(0.5, dataFormat: "channels_first");
        var error = Assert.ThrowsAny<ArgumentException>(() => layer.Apply(torch.zeros(2, 4, 4, 3), training: true));
        Assert.Contains("3 channels", error.Message, StringComparison.Ordinal);
        Assert.Contains("channels_last", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigRoundTrips()
    {
        using var layer = new RandomHue(0.7, factorLower: 0.2, valueRange: new double[] { -1, 1 }, seed: 9, dataFormat: "channels_last");
        using var copy = (RandomHue)RoundTrip(layer, "factor", "value_range", "seed", "data_format");
        Assert.Equal((0.7, 0.2, 9), (copy.Factor, copy.FactorLower!.Value, copy.Seed!.Value));
        Assert.Equal(new double[] { -1, 1 }, copy.ValueRange);
        Assert.Equal(ImageDataFormat.ChannelsLast, copy.Format);
    }
}
