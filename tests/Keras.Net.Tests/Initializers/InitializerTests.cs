using KerasNet.Initializers;
using KerasNet.Serialization;

namespace KerasNet.Tests.InitializersTests;

/// <summary>
/// Initializers: Keras's limits and standard deviations, seeded determinism, orthogonality.
/// </summary>
/// <remarks>
/// Statistical tolerances are 5 standard errors of the estimate for the sample size n (a false failure then has a
/// probability below 1e-6 per check):
/// <list type="bullet">
/// <item>sample mean: SE = σ / √n;</item>
/// <item>sample standard deviation of a normal: SE ≈ σ / √(2n); a normal truncated at 2σ has lighter tails, so its
/// SE is smaller and the same bound is conservative;</item>
/// <item>sample standard deviation of a uniform on [-a, a] (σ = a/√3, fourth central moment a⁴/5): SE ≈
/// √((a⁴/5 − σ⁴) / n) / (2σ) ≈ 0.447 σ / √n, bounded here by the normal's 0.707 σ / √n.</item>
/// </list>
/// </remarks>
public class InitializerTests
{
    private static readonly long[] DenseShape = { 400, 250 };           // fan in 400, fan out 250, n = 100,000
    private static readonly long[] ConvShape = { 16, 8, 3, 3 };          // torch layout: fan in 8·9 = 72, fan out 16·9 = 144, n = 1,152

    private static (double Mean, double Std, double MaxAbs, long N) Stats(Tensor t)
    {
        var values = TestData.Values(t);
        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        return (mean, std, values.Max(Math.Abs), values.Length);
    }

    private static void AssertStatistics(Tensor t, double expectedMean, double expectedStd, string what)
    {
        var (mean, std, _, n) = Stats(t);
        var meanTolerance = 5 * expectedStd / Math.Sqrt(n);
        var stdTolerance = 5 * expectedStd / Math.Sqrt(2.0 * n);
        Assert.True(Math.Abs(mean - expectedMean) <= meanTolerance, $"{what}: mean {mean:G6}, expected {expectedMean:G6} ± {meanTolerance:G3}");
        Assert.True(Math.Abs(std - expectedStd) <= stdTolerance, $"{what}: std {std:G6}, expected {expectedStd:G6} ± {stdTolerance:G3}");
    }

    private static void AssertWithin(Tensor t, double low, double high, string what)
    {
        var values = TestData.Values(t);
        Assert.True(values.Min() >= low && values.Max() <= high, $"{what}: values range over [{values.Min():G6}, {values.Max():G6}], expected within [{low:G6}, {high:G6}]");
    }

    public static IEnumerable<object[]> UniformCases() => new[]
    {
        // name, shape, limit (Keras: sqrt(3 · scale / n))
        new object[] { "glorot_uniform", DenseShape, Math.Sqrt(6.0 / (400 + 250)) },
        new object[] { "he_uniform", DenseShape, Math.Sqrt(6.0 / 400) },
        new object[] { "lecun_uniform", DenseShape, Math.Sqrt(3.0 / 400) },
        new object[] { "glorot_uniform", ConvShape, Math.Sqrt(6.0 / (72 + 144)) },
        new object[] { "he_uniform", ConvShape, Math.Sqrt(6.0 / 72) },
    };

    [Theory]
    [MemberData(nameof(UniformCases))]
    public void UniformVarianceScalingHasKerasLimit(string name, long[] shape, double limit)
    {
        using var scope = torch.NewDisposeScope();
        var values = Initializer.Get(name).Call(shape);
        Assert.Equal(shape, values.shape);
        Assert.Equal(ScalarType.Float32, values.dtype);
        AssertWithin(values, -limit, limit, name);
        AssertStatistics(values, 0, limit / Math.Sqrt(3), name);
    }

    public static IEnumerable<object[]> NormalCases() => new[]
    {
        // name, shape, standard deviation (Keras: sqrt(scale / n), the truncated normal rescaled to it)
        new object[] { "glorot_normal", DenseShape, Math.Sqrt(2.0 / (400 + 250)) },
        new object[] { "he_normal", DenseShape, Math.Sqrt(2.0 / 400) },
        new object[] { "lecun_normal", DenseShape, Math.Sqrt(1.0 / 400) },
        new object[] { "he_normal", ConvShape, Math.Sqrt(2.0 / 72) },
    };

    [Theory]
    [MemberData(nameof(NormalCases))]
    public void TruncatedNormalVarianceScalingHasKerasStandardDeviation(string name, long[] shape, double std)
    {
        using var scope = torch.NewDisposeScope();
        var values = Initializer.Get(name).Call(shape);
        // Samples are redrawn beyond 2 standard deviations of the untruncated normal, whose σ is std / 0.8796.
        var bound = 2 * std / 0.87962566103423978;
        AssertWithin(values, -bound, bound, name);
        AssertStatistics(values, 0, std, name);
    }

    [Fact]
    public void VarianceScalingModesAndDistributions()
    {
        using var scope = torch.NewDisposeScope();
        // Fan out 250, scale 3: untruncated normal of std sqrt(3/250).
        AssertStatistics(new VarianceScaling(3.0, FanMode.FanOut, Distribution.UntruncatedNormal, seed: 1).Call(DenseShape), 0, Math.Sqrt(3.0 / 250), "fan_out normal");
        var uniform = new VarianceScaling(2.0, FanMode.FanAvg, Distribution.Uniform, seed: 2).Call(DenseShape);
        var limit = Math.Sqrt(3 * 2.0 / 325);
        AssertWithin(uniform, -limit, limit, "fan_avg uniform");
        // Fans given by the layer win over the shape's (transposed convolutions).
        var given = new VarianceScaling(1.0, FanMode.FanIn, Distribution.Uniform, seed: 3).Call(DenseShape, fans: (12, 7));
        AssertWithin(given, -0.5, 0.5, "fan in 12: limit 0.5");
        AssertStatistics(given, 0, 0.5 / Math.Sqrt(3), "fan in 12");
    }

    [Fact]
    public void RandomInitializers()
    {
        using var scope = torch.NewDisposeScope();
        var uniform = new RandomUniform(-0.2, 0.3, seed: 4).Call(DenseShape);
        AssertWithin(uniform, -0.2, 0.3, "random uniform");
        AssertStatistics(uniform, 0.05, 0.5 / Math.Sqrt(12), "random uniform");
        AssertStatistics(new RandomNormal(1.0, 0.5, seed: 5).Call(DenseShape), 1.0, 0.5, "random normal");
        var truncated = new TruncatedNormal(-1.0, 0.5, seed: 6).Call(DenseShape);
        AssertWithin(truncated, -2.0, 0.0, "truncated normal: within 2 standard deviations");
        AssertStatistics(truncated, -1.0, 0.5 * 0.87962566103423978, "truncated normal");
        Assert.Throws<ArgumentException>(() => new RandomUniform(1, 1));
    }

    [Fact]
    public void ConstantInitializers()
    {
        using var scope = torch.NewDisposeScope();
        TestData.Close(torch.zeros(2, 3), new Zeros().Call(new long[] { 2, 3 }), "zeros");
        TestData.Close(torch.ones(2, 3), new Ones().Call(new long[] { 2, 3 }), "ones");
        TestData.Close(torch.full(new long[] { 4 }, 3.5), new Constant(3.5).Call(new long[] { 4 }), "constant");
        Assert.Equal(ScalarType.Float64, new Constant(2).Call(new long[] { 2 }, ScalarType.Float64).dtype);
    }

    [Theory]
    [InlineData(6, 4, 1.0)]
    [InlineData(4, 6, 1.0)]
    [InlineData(5, 5, 2.0)]
    public void OrthogonalRowsOrColumnsAreOrthonormal(long rows, long columns, double gain)
    {
        using var scope = torch.NewDisposeScope();
        var q = new Orthogonal(gain, seed: 7).Call(new[] { rows, columns });
        var gram = rows >= columns ? q.t().matmul(q) : q.matmul(q.t());
        var n = Math.Min(rows, columns);
        TestData.Close(torch.eye(n) * (gain * gain), gram, $"QᵀQ of a {rows}×{columns} orthogonal matrix", atol: 1e-5);
    }

    [Fact]
    public void OrthogonalConvolutionKernelIsOrthogonalAsAMatrixOfRows()
    {
        using var scope = torch.NewDisposeScope();
        var kernel = new Orthogonal(seed: 8).Call(new long[] { 8, 2, 3, 3 });
        var rows = kernel.reshape(8, 18);
        TestData.Close(torch.eye(8), rows.matmul(rows.t()), "W Wᵀ of an 8×18 kernel", atol: 1e-5);
        Assert.Contains("rank 2", Assert.Throws<ArgumentException>(() => new Orthogonal().Call(new long[] { 4 })).Message);
    }

    public static IEnumerable<object[]> Seeded() => new Func<int?, Initializer>[]
    {
        s => new GlorotUniform(s), s => new GlorotNormal(s), s => new HeUniform(s), s => new HeNormal(s), s => new LecunUniform(s),
        s => new LecunNormal(s), s => new RandomUniform(seed: s), s => new RandomNormal(seed: s), s => new TruncatedNormal(seed: s),
        s => new Orthogonal(seed: s), s => new VarianceScaling(seed: s),
    }.Select(f => new object[] { f });

    [Theory]
    [MemberData(nameof(Seeded))]
    public void SeededInitializersRepeatAndSeedsDiffer(Func<int?, Initializer> create)
    {
        using var scope = torch.NewDisposeScope();
        var shape = new long[] { 20, 10 };
        var first = create(42).Call(shape);
        TestData.Close(first, create(42).Call(shape), "same seed, new instance", 0, 0);
        var initializer = create(42);
        TestData.Close(initializer.Call(shape), initializer.Call(shape), "same seed, same instance called twice", 0, 0);
        Assert.False(first.allclose(create(43).Call(shape)), "another seed gives other values");
        Assert.False(create(null).Call(shape).allclose(create(null).Call(shape)), "unseeded calls differ");
    }

    [Theory]
    [InlineData("glorot_uniform", typeof(GlorotUniform))]
    [InlineData("GlorotNormal", typeof(GlorotNormal))]
    [InlineData("he_uniform", typeof(HeUniform))]
    [InlineData("he_normal", typeof(HeNormal))]
    [InlineData("lecun_uniform", typeof(LecunUniform))]
    [InlineData("lecun_normal", typeof(LecunNormal))]
    [InlineData("zeros", typeof(Zeros))]
    [InlineData("ones", typeof(Ones))]
    [InlineData("orthogonal", typeof(Orthogonal))]
    [InlineData("random_uniform", typeof(RandomUniform))]
    [InlineData("random_normal", typeof(RandomNormal))]
    [InlineData("truncated_normal", typeof(TruncatedNormal))]
    public void KerasNamesResolve(string name, Type expected)
    {
        Initializer initializer = name;
        Assert.IsType(expected, initializer);
    }

    [Fact]
    public void ConfigsRoundTrip()
    {
        Initializer[] initializers =
        {
            new GlorotUniform(1), new GlorotNormal(), new HeUniform(2), new HeNormal(), new LecunUniform(), new LecunNormal(3), new Zeros(), new Ones(),
            new Constant(0.25), new Orthogonal(1.5, 4), new RandomUniform(-1, 2, 5), new RandomNormal(0.5, 2, 6), new TruncatedNormal(0, 0.1),
            new VarianceScaling(2.0, FanMode.FanAvg, Distribution.UntruncatedNormal, 7),
        };
        foreach (var initializer in initializers)
        {
            var json = TestData.Json(initializer.GetConfig());
            var copy = KerasRegistry.FromConfig<Initializer>(initializer.GetType().Name, TestData.ParseJson(json));
            Assert.IsType(initializer.GetType(), copy);
            Assert.Equal(json, TestData.Json(copy.GetConfig()));
        }
    }
}
