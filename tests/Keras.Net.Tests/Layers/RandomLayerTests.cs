using KerasNet.Layers;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// Dropout, SpatialDropout2D and GaussianNoise: their statistics (within 5 standard errors for the sample size), their
/// exact scaling, and seeds that make the sequence of masks reproducible without repeating one mask at every call.
/// </summary>
public class RandomLayerTests
{
    private const int N = 100_000;

    [Fact]
    public void DropoutZeroesTheRateAndScalesTheRest()
    {
        using var scope = torch.NewDisposeScope();
        using var dropout = new Dropout(0.3);
        var x = torch.ones(N, 1);
        var y = dropout.Apply(x, training: true);
        var values = TestData.Values(y);
        var dropped = values.Count(v => v == 0) / (double)N;
        var tolerance = 5 * Math.Sqrt(0.3 * 0.7 / N);            // binomial standard error of the dropped fraction
        Assert.True(Math.Abs(dropped - 0.3) <= tolerance, $"dropped fraction {dropped}, expected 0.3 ± {tolerance:G3}");
        Assert.All(values.Where(v => v != 0), v => Assert.Equal(1 / 0.7, v, 5));
        TestData.Close(x, dropout.Apply(x, training: false), "inference is the identity", 0, 0);
    }

    [Fact]
    public void SeededDropoutDrawsANewMaskEachCallInAReproducibleSequence()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones(4, 64);
        using var first = new Dropout(0.5, seed: 11);
        using var second = new Dropout(0.5, seed: 11);
        var a1 = first.Apply(x, training: true);
        var a2 = first.Apply(x, training: true);
        Assert.False(a1.allclose(a2, 0, 0), "two calls of a seeded dropout drew the same mask");
        TestData.Close(a1, second.Apply(x, training: true), "same seed, first call", 0, 0);
        TestData.Close(a2, second.Apply(x, training: true), "same seed, second call", 0, 0);
    }

    [Fact]
    public void NoiseShapeSharesTheMaskAlongAxesOfSizeOne()
    {
        using var scope = torch.NewDisposeScope();
        using var dropout = new Dropout(0.5, noiseShape: new long[] { -1, 1, 6 }, seed: 3);
        var y = dropout.Apply(torch.ones(8, 5, 6), training: true);
        // Every step of a sample has the same mask: the 5 rows of each sample are equal.
        TestData.Close(y.narrow(1, 0, 1).expand(new long[] { 8, 5, 6 }), y, "mask shared along the steps", 0, 0);
    }

    [Fact]
    public void SpatialDropoutDropsWholeChannels()
    {
        using var scope = torch.NewDisposeScope();
        using var dropout = new SpatialDropout2D(0.5);
        var y = dropout.Apply(torch.ones(16, 8, 3, 3), training: true);
        var perChannel = y.reshape(16 * 8, 9);
        var minimum = TestData.Values(perChannel.amin(new long[] { 1 }));
        var maximum = TestData.Values(perChannel.amax(new long[] { 1 }));
        for (var i = 0; i < minimum.Length; i++) Assert.Equal(minimum[i], maximum[i]);
        Assert.All(maximum, v => Assert.True(v == 0 || Math.Abs(v - 2) < 1e-6, $"channel value {v}: expected 0 or 2"));

        using var last = new SpatialDropout2D(0.5, "channels_last");
        var z = last.Apply(torch.ones(16, 3, 3, 8), training: true).permute(0, 3, 1, 2).reshape(16 * 8, 9);
        TestData.Close(z.amin(new long[] { 1 }), z.amax(new long[] { 1 }), "channels-last: whole channels", 0, 0);
    }

    [Fact]
    public void GaussianNoiseHasTheGivenStandardDeviation()
    {
        using var scope = torch.NewDisposeScope();
        using var noise = new GaussianNoise(0.3, seed: 5);
        var x = torch.ones(N);
        var values = TestData.Values(noise.Apply(x, training: true) - x);
        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (N - 1));
        Assert.True(Math.Abs(mean) <= 5 * 0.3 / Math.Sqrt(N), $"noise mean {mean}");
        Assert.True(Math.Abs(std - 0.3) <= 5 * 0.3 / Math.Sqrt(2.0 * N), $"noise std {std}");
        Assert.False(noise.Apply(x, training: true).allclose(noise.Apply(x, training: true), 0, 0), "two calls drew the same noise");
        using var twin = new GaussianNoise(0.3, seed: 5);
        using var again = new GaussianNoise(0.3, seed: 5);
        TestData.Close(twin.Apply(x, training: true), again.Apply(x, training: true), "same seed, same noise", 0, 0);
        TestData.Close(x, noise.Apply(x, training: false), "inference is the identity", 0, 0);
    }

    [Fact]
    public void RescalingTurnsIntegersIntoFloats()
    {
        using var scope = torch.NewDisposeScope();
        using var rescaling = new Rescaling(1.0 / 255);
        var pixels = torch.tensor(new byte[] { 0, 51, 255 });
        var y = rescaling.Apply(pixels.unsqueeze(0));
        Assert.Equal(ScalarType.Float32, y.dtype);
        TestData.Close(TestData.Floats(new[] { 0f, 0.2f, 1f }, 1, 3), y, "pixels in [0, 1]");
    }
}
