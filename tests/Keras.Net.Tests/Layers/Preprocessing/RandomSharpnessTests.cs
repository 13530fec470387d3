using KerasNet.Layers;
using static KerasNet.Tests.Layers.Preprocessing.ColorAugmentationChecks;

namespace KerasNet.Tests.Layers.Preprocessing;

/// <summary>
/// RandomSharpness with fixed factors against torchvision's adjust_sharpness (factor 2f), by hand on a 3x3 image,
/// seeded, at inference, with bad arguments and through its config (float32 tolerances).
/// </summary>
public class RandomSharpnessTests
{
    [Theory]
    [InlineData(0.1, "f10")]
    [InlineData(0.9, "f90")]
    public void FixedFactorBlendsWithTheBlurAsTorchvision(double factor, string reference)
    {
        using var scope = torch.NewDisposeScope();
        using var fx = Load();
        var x = fx["sharpness.x"];
        using var layer = new RandomSharpness(factor, factorLower: factor, valueRange: new double[] { 0, 1 }, dataFormat: "channels_first");
        TestData.Close(fx[$"sharpness.{reference}"], layer.Apply(x, training: true), $"sharpness {factor}", rtol: 1e-5, atol: 1e-6);
        using var last = new RandomSharpness(factor, factorLower: factor, valueRange: new double[] { 0, 1 }, dataFormat: "channels_last");
        TestData.Close(ChannelsLast(fx[$"sharpness.{reference}"]), last.Apply(ChannelsLast(x), training: true), $"sharpness {factor}, channels-last");
    }

    [Fact]
    public void BlurOfTheCentreByHandAndBordersKept()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Floats(new float[] { 0, 13, 0, 13, 26, 13, 0, 13, 0 }, 1, 1, 3, 3);
        using var blur = new RandomSharpness(0, dataFormat: "channels_first");
        // Centre: (4·13 + 5·26) / 13 = 14; the border is the image's own.
        TestData.Close(TestData.Floats(new float[] { 0, 13, 0, 13, 14, 13, 0, 13, 0 }, 1, 1, 3, 3), blur.Apply(x, training: true), "blur");
        // f = 1: 2·26 − 14 = 38 at the centre; clipped to the range [0, 30].
        using var sharp = new RandomSharpness(1, factorLower: 1, valueRange: new double[] { 0, 30 }, dataFormat: "channels_first");
        TestData.Close(TestData.Floats(new float[] { 0, 13, 0, 13, 30, 13, 0, 13, 0 }, 1, 1, 3, 3), sharp.Apply(x, training: true), "sharpen");
    }

    [Fact]
    public void SeededDrawsRepeatAndInferenceIsTheIdentity()
    {
        using var scope = torch.NewDisposeScope();
        SeededAndIdentityAtInference(seed => new RandomSharpness(1.0, seed: seed, dataFormat: "channels_first"), TestData.Rand(7, 4, 3, 5, 5) * 255);
    }

    [Fact]
    public void BadArgumentsRaiseTypedErrors()
    {
        Rejects<ArgumentOutOfRangeException>(() => new RandomSharpness(-0.5), "factor", "RandomSharpness: factor must be in [0, 1]");
        Rejects<ArgumentOutOfRangeException>(() => new RandomSharpness(0.2, factorLower: 0.4), "factorLower", "factorLower");
        Rejects<ArgumentException>(() => new RandomSharpness(0.5, valueRange: new double[] { 2, 2 }), "valueRange", "RandomSharpness: valueRange");
    }

    [Fact]
    public void ConfigRoundTrips()
    {
        using var layer = new RandomSharpness(0.6, valueRange: new double[] { 0, 1 }, seed: 4);
        using var copy = (RandomSharpness)RoundTrip(layer, "factor", "value_range", "seed", "data_format");
        Assert.Equal((0.6, (double?)null, 4), (copy.Factor, copy.FactorLower, copy.Seed!.Value));
    }
}
