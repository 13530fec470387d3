using KerasNet.Layers;
using KerasNet.Serialization;
using KerasNet.TestSupport;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// RandomShear: its affine maps against grids built pixel by pixel in PyTorch (tests/fixtures/cases/
/// keras_augmentation_geometry.py; float32 sampling of a float64 grid: atol 1e-5), a known pixel moved to a known
/// place, seeding, inference identity, layouts, bfloat16, bad arguments and the config.
/// </summary>
public class RandomShearTests : IClassFixture<RandomShearTests.Fixtures>
{
    public sealed class Fixtures : IDisposable
    {
        public Fixture Geometry { get; } = Fixture.Load("keras_augmentation_geometry");
        public void Dispose() => Geometry.Dispose();
    }

    private readonly Fixture fx;

    public RandomShearTests(Fixtures fixtures) => fx = fixtures.Geometry;

    [Theory]
    [InlineData("shear_bilinear_reflect", "bilinear", "reflect", 0.0)]
    [InlineData("shear_nearest_nearest", "nearest", "nearest", 0.0)]
    [InlineData("shear_bilinear_constant", "bilinear", "constant", 0.5)]
    public void ShearMapsSampleAsTorchGridsBuiltInPixelIndices(string @case, string interpolation, string fillMode, double fillValue)
    {
        using var scope = torch.NewDisposeScope();
        var images = fx["shear.in"];
        var sx = TestData.Values(fx["shear.sx"]).Select(v => (float)v).ToArray();
        var sy = TestData.Values(fx["shear.sy"]).Select(v => (float)v).ToArray();
        var maps = RandomShear.ShearMaps(sx, sy, images.size(2), images.size(3));
        var actual = ImagePreprocessingLayer.Warp(images, maps, interpolation, fillMode, fillValue);
        TestData.Close(fx[@case + ".out"], actual, @case, rtol: 1e-5, atol: 1e-5);
    }

    private static Tensor HotPixel(long count, int x, int y)
    {
        var image = torch.zeros(count, 1, 5, 5);
        image[.., 0, y, x] = torch.tensor(1f);
        return image;
    }

    [Fact]
    public void AForcedXShearMovesAPixelAlongItsRowBySignTimesItsRowIndex()
    {
        using var scope = torch.NewDisposeScope();
        // Output (x, y) reads input (x + s·y, y): the input's hot pixel (2, 1) lands at x = 1 for s = 1, x = 3 for s = −1.
        using var layer = new RandomShear(xFactor: 1, xFactorLower: 1, interpolation: "nearest", fillMode: "constant", seed: 11, dataFormat: "channels_first");
        var output = layer.Apply(HotPixel(16, 2, 1), training: true);
        var plus = HotPixel(1, 1, 1)[0];
        var minus = HotPixel(1, 3, 1)[0];
        int plusCount = 0, minusCount = 0;
        for (var i = 0; i < 16; i++)
        {
            if (output[i].eq(plus).all().item<bool>()) plusCount++;
            else if (output[i].eq(minus).all().item<bool>()) minusCount++;
            else Assert.Fail($"image {i}: the pixel did not move to x = 1 or x = 3: [{string.Join(", ", TestData.Values(output[i]))}]");
        }
        Assert.True(plusCount > 0 && minusCount > 0, $"both signs are drawn: {plusCount} positive, {minusCount} negative");
    }

    [Fact]
    public void AForcedYShearMovesAPixelAlongItsColumn()
    {
        using var scope = torch.NewDisposeScope();
        // y_in = sy·x + y with sy = 0.5: the input's pixel (2, 3) is read by output (2, 2).
        var maps = RandomShear.ShearMaps(new[] { 0f }, new[] { 0.5f }, 5, 5);
        var output = ImagePreprocessingLayer.Warp(HotPixel(1, 2, 3), maps, "nearest", "constant", 0);
        TensorAssert.Equal(HotPixel(1, 2, 2), output);
    }

    [Fact]
    public void SeededDrawsRepeatAndInferenceIsTheIdentity()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Rand(3, 4, 3, 6, 8);
        Tensor Run(int seed) => new RandomShear(0.4, 0.3, seed: seed, dataFormat: "channels_first").Apply(x, training: true);
        TensorAssert.Equal(Run(1), Run(1));
        Assert.False(Run(1).allclose(Run(2)));
        Assert.False(Run(1).allclose(x));
        using var layer = new RandomShear(0.4, 0.3, seed: 1, dataFormat: "channels_first");
        TensorAssert.Equal(x, layer.Apply(x));
        TensorAssert.Equal(x, new RandomShear(seed: 1, dataFormat: "channels_first").Apply(x, training: true));
    }

    [Fact]
    public void ChannelsLastAndBfloat16GiveTheChannelsFirstResult()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Rand(4, 2, 3, 6, 8);
        var first = new RandomShear(0.4, 0.3, seed: 8, dataFormat: "channels_first").Apply(x, training: true);
        var last = new RandomShear(0.4, 0.3, seed: 8, dataFormat: "channels_last").Apply(x.permute(0, 2, 3, 1), training: true);
        TestData.Close(first, last.permute(0, 3, 1, 2), "channels_last");
        var half = new RandomShear(0.4, 0.3, seed: 8, dataFormat: "channels_first") { DtypePolicy = "mixed_bfloat16" }.Apply(x, training: true);
        Assert.Equal(ScalarType.BFloat16, half.dtype);
        TestData.Close(first, half.to(ScalarType.Float32), "bfloat16", rtol: 2e-2, atol: 2e-2);
        var single = new RandomShear(0.4, 0.3, seed: 8, dataFormat: "channels_first").Apply(x[0], training: true);
        Assert.Equal(x[0].shape, single.shape);
        Assert.False(single.allclose(x[0]));
    }

    [Fact]
    public void BadArgumentsAreTypedErrorsNamingTheLayer()
    {
        Assert.Contains("RandomShear", Assert.Throws<ArgumentOutOfRangeException>(() => new RandomShear(xFactor: 1.5)).Message);
        Assert.Contains("yFactor", Assert.Throws<ArgumentOutOfRangeException>(() => new RandomShear(yFactor: -0.1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomShear(xFactor: 0.2, xFactorLower: 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomShear(xFactor: 0.2, xFactorLower: -0.5));
        Assert.Contains("wrap", Assert.Throws<ArgumentException>(() => new RandomShear(0.1, fillMode: "wrap")).Message);
        Assert.Contains("interpolation", Assert.Throws<ArgumentException>(() => new RandomShear(0.1, interpolation: "bicubic")).Message);
        using var layer = new RandomShear(0.1, dataFormat: "channels_first");
        Assert.Contains("rank 4", Assert.Throws<ArgumentException>(() => layer.Apply(torch.zeros(2, 3), training: true)).Message);
    }

    [Fact]
    public void ConfigRoundTripsEveryArgument()
    {
        using var layer = new RandomShear(0.4, 0.3, interpolation: "nearest", fillMode: "constant", fillValue: 0.5, seed: 3, xFactorLower: 0.1,
                                          yFactorLower: 0.2, dataFormat: "channels_last", name: "shear");
        var json = TestData.Json(layer.GetConfig());
        using var copy = (RandomShear)KerasRegistry.FromConfig<Layer>("RandomShear", TestData.ParseJson(json));
        Assert.Equal(json, TestData.Json(copy.GetConfig()));
        Assert.Equal((0.4, 0.3, 0.1, 0.2, 0.5, 3), (copy.XFactor, copy.YFactor, copy.XFactorLower, copy.YFactorLower, copy.FillValue, copy.Seed));
        Assert.Equal(ImageDataFormat.ChannelsLast, copy.Format);
    }
}
