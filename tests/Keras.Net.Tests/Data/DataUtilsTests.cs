using KerasNet.TestSupport;
using KerasNet.Tests.BackendTests;

namespace KerasNet.Tests.Data;

/// <summary>SplitDataset, SetRandomSeed and Normalize (against torch.nn.functional.normalize: tests/fixtures/cases/keras_data_utils.py).</summary>
[Collection(GlobalSeedCollection.Name)]
public class DataUtilsTests
{
    [Theory]
    [InlineData(null, null, 5, 5)]
    [InlineData(0.8, null, 8, 2)]
    [InlineData(null, 3.0, 7, 3)]
    [InlineData(0.25, 0.25, 2, 2)] // round(2.5) = 2, half to even as Python
    [InlineData(4.0, 0.5, 4, 5)]
    public void SplitSizesFollowKeras(double? left, double? right, long expectedLeft, long expectedRight) =>
        Assert.Equal((expectedLeft, expectedRight), Utils.SplitSizes(left, right, 10));

    [Fact]
    public void SplitTakesTheFirstAndLastSamplesAndShufflesAlike()
    {
        var x = torch.arange(10, dtype: ScalarType.Float32);
        var (left, right) = Utils.SplitDataset(x, leftSize: 0.6, rightSize: 0.3);
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5 }, left.data<float>().ToArray());
        Assert.Equal(new float[] { 7, 8, 9 }, right.data<float>().ToArray());

        var y = x * 10;
        var (a, b) = Utils.SplitDataset(new[] { x, y }, leftSize: 0.7, shuffle: true, seed: 3);
        var (a2, _) = Utils.SplitDataset(new[] { x, y }, leftSize: 0.7, shuffle: true, seed: 3);
        Assert.Equal(a[0].data<float>().ToArray(), a2[0].data<float>().ToArray());
        Assert.Equal(a[0].data<float>().Select(v => v * 10), a[1].data<float>().ToArray());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (float)i), a[0].data<float>().Concat(b[0].data<float>()).OrderBy(v => v));
        Assert.NotEqual(new float[] { 0, 1, 2, 3, 4, 5, 6 }, a[0].data<float>().ToArray());
    }

    [Fact]
    public void SplitRefusesBadSizes()
    {
        var x = torch.arange(10);
        Assert.Throws<ArgumentOutOfRangeException>(() => Utils.SplitDataset(x, leftSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Utils.SplitDataset(x, leftSize: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => Utils.SplitDataset(x, leftSize: 2.5));
        Assert.Contains("more than 1", Assert.Throws<ArgumentException>(() => Utils.SplitDataset(x, leftSize: 0.7, rightSize: 0.5)).Message);
        Assert.Contains("more than the 10 samples", Assert.Throws<ArgumentException>(() => Utils.SplitDataset(x, leftSize: 6, rightSize: 5)).Message);
        Assert.Contains("left part empty", Assert.Throws<ArgumentException>(() => Utils.SplitDataset(x, leftSize: 0.01)).Message);
        Assert.Throws<ArgumentException>(() => Utils.SplitDataset(new[] { x, torch.arange(9) }));
    }

    [Fact]
    public void SetRandomSeedReproducesTorchDrawsAndTheUtilitiesSeeds()
    {
        Utils.SetRandomSeed(42);
        Assert.Equal(42, Utils.GetRandomSeed());
        var first = torch.rand(5).data<float>().ToArray();
        var seed = Utils.DrawSeed();
        Utils.SetRandomSeed(42);
        Assert.Equal(first, torch.rand(5).data<float>().ToArray());
        Assert.Equal(seed, Utils.DrawSeed());
        torch.manual_seed(42);
        Assert.Equal(first, torch.rand(5).data<float>().ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => Utils.SetRandomSeed(-1));
    }

    [Theory]
    [InlineData("normalize_l2_last", -1, 2)]
    [InlineData("normalize_l1_axis1", 1, 1)]
    [InlineData("normalize_l3_axis0", 0, 3)]
    public void NormalizeMatchesPyTorch(string name, int axis, int order)
    {
        using var fx = Fixture.Load("keras_data_utils");
        TestData.Close(fx[$"{name}.out"], Utils.Normalize(fx[$"{name}.in"], axis, order), name);
    }

    [Fact]
    public void NormalizeKeepsZeroVectorsAndRefusesBadInput()
    {
        var result = Utils.Normalize(torch.zeros(2, 3));
        Assert.Equal(new float[6], result.data<float>().ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => Utils.Normalize(torch.ones(3), order: 0));
        Assert.Throws<ArgumentException>(() => Utils.Normalize(torch.ones(3), axis: 1));
        Assert.Contains("floating-point", Assert.Throws<ArgumentException>(() => Utils.Normalize(torch.ones(3, dtype: ScalarType.Int64))).Message);
    }
}
