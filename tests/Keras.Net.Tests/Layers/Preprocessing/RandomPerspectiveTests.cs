using KerasNet.Layers;
using KerasNet.Serialization;
using KerasNet.TestSupport;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// RandomPerspective: its homography solve and grid against PyTorch (tests/fixtures/cases/keras_augmentation_geometry.py;
/// atol 1e-5), a translation moving a known pixel, Keras's fixed top-left corner, the probability, seeding,
/// inference identity, layouts, bad arguments and the config.
/// </summary>
public class RandomPerspectiveTests : IClassFixture<RandomShearTests.Fixtures>
{
    private readonly Fixture fx;

    public RandomPerspectiveTests(RandomShearTests.Fixtures fixtures) => fx = fixtures.Geometry;

    [Theory]
    [InlineData("perspective_bilinear", "bilinear", 0.0)]
    [InlineData("perspective_nearest_fill", "nearest", 0.25)]
    public void WarpMatchesAHomographyGridBuiltInPyTorch(string @case, string interpolation, double fillValue)
    {
        using var scope = torch.NewDisposeScope();
        var start = TestData.Values(fx["perspective.start"]);
        var end = TestData.Values(fx["perspective.end"]);
        var actual = RandomPerspective.Warp(fx["perspective.in"], start, end, interpolation, fillValue);
        TestData.Close(fx[@case + ".out"], actual, @case, rtol: 1e-5, atol: 1e-5);
    }

    [Fact]
    public void MovingEveryCornerOnePixelRightTranslatesTheImage()
    {
        using var scope = torch.NewDisposeScope();
        var start = RandomPerspective.Corners(1, 5, 5);
        var end = start.Select((v, i) => i % 2 == 0 ? v + 1 : v).ToArray();
        TestData.Close(torch.tensor(new double[] { 1, 0, -1, 0, 1, 0, 0, 0 }).unsqueeze(0), RandomPerspective.Homographies(start, end), "homography", atol: 1e-12);
        var image = torch.zeros(1, 1, 5, 5);
        image[0, 0, 1, 2] = torch.tensor(1f);
        var expected = torch.zeros(1, 1, 5, 5);
        expected[0, 0, 1, 3] = torch.tensor(1f);
        TensorAssert.Equal(expected, RandomPerspective.Warp(image, start, end, "nearest", 0));
    }

    [Fact]
    public void EveryImageIsWarpedWithProbabilityOneAndKeepsItsTopLeftPixel()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Rand(5, 6, 3, 7, 9);
        using var layer = new RandomPerspective(factor: 1, factorLower: 1, scale: 1, seed: 3, dataFormat: "channels_first");
        var y = layer.Apply(x, training: true);
        for (var i = 0; i < 6; i++) Assert.False(y[i].allclose(x[i]), $"image {i} was not warped");
        // Keras moves each corner by a multiple of its own coordinates: (0, 0) stays, so the top-left pixel reads itself.
        TestData.Close(x[.., .., 0, 0], y[.., .., 0, 0], "top-left pixel", atol: 1e-5);
    }

    [Fact]
    public void FactorZeroOrScaleZeroLeavesTheImages()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Rand(6, 4, 3, 6, 8);
        TensorAssert.Equal(x, new RandomPerspective(factor: 0, seed: 1, dataFormat: "channels_first").Apply(x, training: true));
        TestData.Close(x, new RandomPerspective(factor: 1, factorLower: 1, scale: 0, seed: 1, dataFormat: "channels_first").Apply(x, training: true),
            "scale 0", atol: 1e-5);
    }

    [Fact]
    public void SeededDrawsRepeatLayoutsAgreeAndInferenceIsTheIdentity()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Rand(7, 8, 3, 6, 8);
        Tensor Run(int seed, string format = "channels_first") =>
            new RandomPerspective(scale: 0.6, seed: seed, dataFormat: format).Apply(format == "channels_first" ? x : x.permute(0, 2, 3, 1), training: true);
        TensorAssert.Equal(Run(1), Run(1));
        Assert.False(Run(1).allclose(Run(2)));
        TestData.Close(Run(1), Run(1, "channels_last").permute(0, 3, 1, 2), "channels_last");
        using var layer = new RandomPerspective(seed: 1, dataFormat: "channels_first");
        TensorAssert.Equal(x, layer.Apply(x));
        var half = new RandomPerspective(scale: 0.6, seed: 1, dataFormat: "channels_first") { DtypePolicy = "mixed_bfloat16" }.Apply(x, training: true);
        Assert.Equal(ScalarType.BFloat16, half.dtype);
        TestData.Close(Run(1), half.to(ScalarType.Float32), "bfloat16", rtol: 2e-2, atol: 2e-2);
    }

    [Fact]
    public void BadArgumentsAreTypedErrorsNamingTheLayer()
    {
        Assert.Contains("RandomPerspective", Assert.Throws<ArgumentOutOfRangeException>(() => new RandomPerspective(factor: 1.2)).Message);
        Assert.Contains("scale", Assert.Throws<ArgumentOutOfRangeException>(() => new RandomPerspective(scale: -0.1)).Message);
        Assert.Contains("factorLower", Assert.Throws<ArgumentOutOfRangeException>(() => new RandomPerspective(factor: 0.3, factorLower: 0.6)).Message);
        Assert.Contains("interpolation", Assert.Throws<ArgumentException>(() => new RandomPerspective(interpolation: "area")).Message);
    }

    [Fact]
    public void ConfigRoundTripsEveryArgument()
    {
        using var layer = new RandomPerspective(factor: 0.8, scale: 0.3, interpolation: "nearest", fillValue: 0.5, seed: 4, factorLower: 0.2,
                                                dataFormat: "channels_last", name: "perspective");
        var json = TestData.Json(layer.GetConfig());
        using var copy = (RandomPerspective)KerasRegistry.FromConfig<Layer>("RandomPerspective", TestData.ParseJson(json));
        Assert.Equal(json, TestData.Json(copy.GetConfig()));
        Assert.Equal((0.8, 0.3, 0.2, 0.5, 4), (copy.Factor, copy.Scale, copy.FactorLower, copy.FillValue, copy.Seed));
    }
}
