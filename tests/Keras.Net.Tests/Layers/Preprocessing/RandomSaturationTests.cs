using KerasNet.Layers;
using static KerasNet.Tests.Layers.Preprocessing.ColorAugmentationChecks;

namespace KerasNet.Tests.Layers.Preprocessing;

/// <summary>
/// RandomSaturation with fixed factors against an HSV reference built from torchvision's _rgb2hsv/_hsv2rgb, on
/// hand-worked pixels, seeded, at inference, with bad arguments and through its config (float32 tolerances, atol 1e-5).
/// </summary>
public class RandomSaturationTests
{
    [Theory]
    [InlineData(0.25, "f25")]
    [InlineData(0.8, "f80")]
    public void FixedFactorScalesTheHsvSaturationAsTheReference(double factor, string reference)
    {
        using var scope = torch.NewDisposeScope();
        using var fx = Load();
        var x = fx["saturation.x"];
        using var layer = new RandomSaturation(factor, factorLower: factor, valueRange: new double[] { 0, 1 }, seed: 1, dataFormat: "channels_first");
        TestData.Close(fx[$"saturation.{reference}"], layer.Apply(x, training: true), $"saturation {factor}", rtol: 1e-5, atol: 1e-5);
        using var last = new RandomSaturation(factor, factorLower: factor, dataFormat: "channels_last");
        var bytes = last.Apply(ChannelsLast(x * 255), training: true).permute(0, 3, 1, 2);
        TestData.Close(fx[$"saturation.{reference}"] * 255, bytes, $"saturation {factor} on [0, 255], channels-last", rtol: 1e-5, atol: 3e-3);
    }

    [Fact]
    public void FactorZeroGivesTheHsvValueAndHalfLeavesImagesAlone()
    {
        using var scope = torch.NewDisposeScope();
        // (0.2, 0.6, 0.4) and (0.9, 0.3, 0.3): their HSV values (maxima) are 0.6 and 0.9.
        var x = TestData.Floats(new float[] { 0.2f, 0.9f, 0.6f, 0.3f, 0.4f, 0.3f }, 1, 3, 1, 2);
        using var gray = new RandomSaturation(0, valueRange: new double[] { 0, 1 }, dataFormat: "channels_first");
        TestData.Close(TestData.Floats(new float[] { 0.6f, 0.9f, 0.6f, 0.9f, 0.6f, 0.9f }, 1, 3, 1, 2), gray.Apply(x, training: true), "factor 0");
        using var same = new RandomSaturation(0.5, factorLower: 0.5, valueRange: new double[] { 0, 1 }, dataFormat: "channels_first");
        TestData.Close(x, same.Apply(x, training: true), "factor 0.5", rtol: 1e-5, atol: 1e-6);
        // Factor 1 saturates fully: the minimum channel drops to 0, the maximum stays.
        using var full = new RandomSaturation(1, factorLower: 1, valueRange: new double[] { 0, 1 }, dataFormat: "channels_first");
        TestData.Close(TestData.Floats(new float[] { 0, 0.9f, 0.6f, 0, 0.3f, 0 }, 1, 3, 1, 2), full.Apply(x, training: true), "factor 1", atol: 1e-5);
    }

    [Fact]
    public void SeededDrawsRepeatAndInferenceIsTheIdentity()
    {
        using var scope = torch.NewDisposeScope();
        SeededAndIdentityAtInference(seed => new RandomSaturation(1.0, seed: seed, dataFormat: "channels_first"), TestData.Rand(6, 4, 3, 5, 5) * 255);
    }

    [Fact]
    public void BadArgumentsAndInputsRaiseTypedErrors()
    {
        Rejects<ArgumentOutOfRangeException>(() => new RandomSaturation(1.2), "factor", "RandomSaturation: factor must be in [0, 1]");
        Rejects<ArgumentOutOfRangeException>(() => new RandomSaturation(0.5, factorLower: -0.1), "factorLower", "factorLower");
        Rejects<ArgumentException>(() => new RandomSaturation(0.5, valueRange: new double[] { 0 }), "valueRange", "RandomSaturation: valueRange");
        using var layer = new RandomSaturation(0.5, dataFormat: "channels_last");
        Assert.Contains("3 channels", Assert.ThrowsAny<ArgumentException>(() => layer.Apply(torch.zeros(2, 4, 4, 1), training: true)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigRoundTrips()
    {
        using var layer = new RandomSaturation(0.9, factorLower: 0.1, seed: 2);
        using var copy = (RandomSaturation)RoundTrip(layer, "factor", "value_range", "seed", "data_format");
        Assert.Equal((0.9, 0.1, 2), (copy.Factor, copy.FactorLower!.Value, copy.Seed!.Value));
    }
}
