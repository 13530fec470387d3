using KerasNet.Layers;

namespace KerasNet.Tests.LayersTests;

/// <summary>Solarization, AutoContrast and Equalization against values computed by hand (channels-first images).</summary>
public class AugmentationLayerTests
{
    private static Tensor Image(float[] values, params long[] shape) => TestData.Floats(values, shape);

    private static void Close(float[] expected, Tensor actual) =>
        Assert.True(torch.tensor(expected).allclose(actual.flatten(), rtol: 1e-5, atol: 1e-4), $"got [{string.Join(", ", TestData.Values(actual))}]");

    [Fact]
    public void SolarizationWithItsDefaultsInvertsEveryPixelInTraining()
    {
        using var scope = torch.NewDisposeScope();
        using var layer = new Solarization(dataFormat: "channels_first");
        var x = Image(new float[] { 0, 10, 128, 255 }, 1, 1, 2, 2);
        Close(new float[] { 255, 245, 127, 0 }, layer.Apply(x, training: true));
        Close(new float[] { 0, 10, 128, 255 }, layer.Apply(x));
        using var unit = new Solarization(valueRange: new double[] { 0, 1 }, dataFormat: "channels_first");
        Close(new float[] { 1, 0.75f, 0.5f, 0 }, unit.Apply(Image(new float[] { 0, 0.25f, 0.5f, 1 }, 1, 1, 2, 2), training: true));
    }

    [Fact]
    public void SolarizationInvertsOnlyAboveAThresholdPerImageAndIsReproducibleWithASeed()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(0, 256, 1, ScalarType.Float32).reshape(4, 1, 8, 8);
        using var a = new Solarization(thresholdFactor: 1, seed: 3, dataFormat: "channels_first");
        using var b = new Solarization(thresholdFactor: 1, seed: 3, dataFormat: "channels_first");
        var y = a.Apply(x, training: true);
        Assert.True(y.equal(b.Apply(x, training: true)).all().item<bool>());
        for (var i = 0; i < 4; i++)
        {
            var input = TestData.Values(x[i]);
            var output = TestData.Values(y[i]);
            var kept = input.Where((v, j) => output[j] == v && v != 127.5).ToArray();
            var inverted = input.Where((v, j) => output[j] == 255 - v && v != 127.5).ToArray();
            Assert.Equal(input.Length, kept.Length + inverted.Length);
            if (kept.Length > 0 && inverted.Length > 0) Assert.True(kept.Max() < inverted.Min());
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => new Solarization(additionFactor: 1.5));
    }

    [Fact]
    public void AutoContrastStretchesEachChannelAndKeepsConstantOnes()
    {
        using var scope = torch.NewDisposeScope();
        using var layer = new AutoContrast(dataFormat: "channels_first");
        var x = Image(new float[] { 10, 20, 30, 50, 7, 7, 7, 7 }, 1, 2, 2, 2);
        var expected = new float[] { 0, 63.75f, 127.5f, 255, 7, 7, 7, 7 };
        Close(expected, layer.Apply(x));
        Close(expected, layer.Apply(x, training: true));
        using var last = new AutoContrast(valueRange: new double[] { -1, 1 }, dataFormat: "channels_last");
        Close(new float[] { -1, -1 / 3f, 1 / 3f, 1 }, last.Apply(Image(new float[] { 0.2f, 0.4f, 0.6f, 0.8f }, 1, 2, 2, 1)));
    }

    [Fact]
    public void EqualizationMapsEachChannelThroughItsCumulativeHistogram()
    {
        using var scope = torch.NewDisposeScope();
        using var layer = new Equalization(dataFormat: "channels_first");
        var x = Image(new float[] { 50, 100, 100, 150, 150, 150, 10, 10, 10, 200, 200, 200, 9, 9, 9, 9, 9, 9 }, 1, 3, 2, 3);
        // Channel 0: cumulative counts 1, 3, 6 → 0, round(255·2/5) = 102, 255. Channel 1: 3, 6 → 0, 255. Channel 2: one bin, unchanged.
        Close(new float[] { 0, 102, 102, 255, 255, 255, 0, 0, 0, 255, 255, 255, 9, 9, 9, 9, 9, 9 }, layer.Apply(x, training: true));
        Close(TestData.Values(x).Select(v => (float)v).ToArray(), layer.Apply(x));
        // Each image has its own histogram: the pair gives each image what it gives alone.
        var pair = torch.cat(new[] { x, x.flip(3) * 0.5 });
        var both = layer.Apply(pair, training: true);
        Assert.True(both[1].allclose(layer.Apply(pair[1..2], training: true)[0]));
        using var unit = new Equalization(valueRange: new double[] { 0, 1 }, bins: 4, dataFormat: "channels_first");
        // bins 4: v·3 truncated → bins 0, 1, 3 with counts 1, 1, 2 → 0, round(255/3) = 85, 255, back on [0, 1].
        Close(new float[] { 0, 85 / 255f, 1, 1 }, unit.Apply(Image(new float[] { 0.1f, 0.5f, 1, 1 }, 1, 1, 2, 2), training: true));
    }
}
