using KerasNet.Layers;
using static KerasNet.Tests.Layers.Preprocessing.ColorAugmentationChecks;

namespace KerasNet.Tests.Layers.Preprocessing;

/// <summary>RandomPosterization against torchvision's posterize, by hand, seeded, at inference, with bad arguments and through its config.</summary>
public class RandomPosterizationTests
{
    [Fact]
    public void FixedBitsMatchTorchvisionPosterizeOnBytesAndOnTheUnitRange()
    {
        using var scope = torch.NewDisposeScope();
        using var fx = Load();
        var x = fx["posterize.x"];
        using var layer = new RandomPosterization(3, factorLower: 3, dataFormat: "channels_first");
        TestData.Close(fx["posterize.bits3"], layer.Apply(x, training: true), "3 bits", rtol: 0, atol: 0);
        using var unit = new RandomPosterization(3, factorLower: 3, valueRange: new double[] { 0, 1 }, dataFormat: "channels_last");
        TestData.Close(ChannelsLast(fx["posterize.bits3"] / 255), unit.Apply(ChannelsLast(x / 255), training: true), "3 bits on [0, 1]", rtol: 1e-5, atol: 1e-6);
    }

    [Fact]
    public void BitsByHandAndDrawsCoverBothBounds()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Floats(new float[] { 0, 37.9f, 128, 255, 300, -4 }, 1, 1, 2, 3);
        using var one = new RandomPosterization(1, dataFormat: "channels_first");
        TestData.Close(TestData.Floats(new float[] { 0, 0, 128, 128, 128, 0 }, 1, 1, 2, 3), one.Apply(x, training: true), "1 bit", rtol: 0, atol: 0);
        using var six = new RandomPosterization(6, factorLower: 6, dataFormat: "channels_first");
        TestData.Close(TestData.Floats(new float[] { 0, 36, 128, 252, 252, 0 }, 1, 1, 2, 3), six.Apply(x, training: true), "6 bits", rtol: 0, atol: 0);

        // 64 images of value 255 under bits in [7, 8]: 254 (7 bits) and 255 (8 bits) both appear.
        using var range = new RandomPosterization(8, factorLower: 7, seed: 5, dataFormat: "channels_first");
        var values = TestData.Values(range.Apply(torch.full(64, 1, 1, 1, 255f), training: true)).Distinct().Order().ToArray();
        Assert.Equal(new double[] { 254, 255 }, values);
    }

    [Fact]
    public void SeededDrawsRepeatAndInferenceIsTheIdentity()
    {
        using var scope = torch.NewDisposeScope();
        SeededAndIdentityAtInference(seed => new RandomPosterization(8, seed: seed, dataFormat: "channels_first"), (TestData.Rand(8, 6, 3, 5, 5) * 255).floor());
    }

    [Fact]
    public void BadArgumentsRaiseTypedErrors()
    {
        Rejects<ArgumentOutOfRangeException>(() => new RandomPosterization(9), "factor", "RandomPosterization: factor (bits kept) must be in [1, 8]");
        Rejects<ArgumentOutOfRangeException>(() => new RandomPosterization(4, factorLower: 0), "factorLower", "factorLower");
        Rejects<ArgumentException>(() => new RandomPosterization(4, valueRange: new double[] { 0, 1, 2 }), "valueRange", "RandomPosterization: valueRange");
    }

    [Fact]
    public void ConfigRoundTrips()
    {
        using var layer = new RandomPosterization(5, factorLower: 2, valueRange: new double[] { -1, 1 }, seed: 3, dataFormat: "channels_last");
        using var copy = (RandomPosterization)RoundTrip(layer, "factor", "value_range", "seed", "data_format");
        Assert.Equal((5, 2, 3), (copy.Factor, copy.FactorLower!.Value, copy.Seed!.Value));
    }
}
