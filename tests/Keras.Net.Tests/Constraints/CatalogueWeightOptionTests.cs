using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;
using KerasNet.Serialization;
using KerasNet.Tests.LayersTests;

namespace KerasNet.Tests.ConstraintsTests;

/// <summary>MinMaxNorm, the Identity initializer and OrthogonalRegularizer against float64 references computed here (rtol 1e-5).</summary>
public class CatalogueWeightOptionTests
{
    [Fact]
    public void MinMaxNormMovesEachColumnNormIntoTheRange()
    {
        using var scope = torch.NewDisposeScope();
        var w = TestData.Floats(new[] { 3f, 0.1f, 0.5f, 4f, 0.2f, 0.5f }, 2, 3); // column norms 5, √0.05, √0.5
        var norms = new[] { 5.0, Math.Sqrt(0.05), Math.Sqrt(0.5) };
        foreach (var rate in new[] { 1.0, 0.25 })
        {
            var result = TestData.Values(new MinMaxNorm(0.3, 1.0, rate).Call(w));
            var expected = new double[6];
            var values = TestData.Values(w);
            for (var c = 0; c < 3; c++)
            {
                var desired = rate * Math.Clamp(norms[c], 0.3, 1.0) + (1 - rate) * norms[c];
                for (var r = 0; r < 2; r++) expected[r * 3 + c] = values[r * 3 + c] * desired / (norms[c] + 1e-7);
            }
            for (var i = 0; i < 6; i++) Assert.True(Math.Abs(expected[i] - result[i]) <= 1e-5 * Math.Abs(expected[i]) + 1e-7, $"rate {rate} element {i}: {result[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void IdentityIsTheScaledEyeOfAnyRectangle()
    {
        using var scope = torch.NewDisposeScope();
        var t = new Identity(gain: 2.5).Call(new long[] { 3, 4 }, ScalarType.Float64);
        Assert.Equal(ScalarType.Float64, t.dtype);
        TestData.Close(torch.eye(3, 4, ScalarType.Float64) * 2.5, t, "identity");
        Assert.IsType<Identity>(Initializer.Get("identity"));
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => new Identity().Call(new long[] { 3, 3, 3 })).Message, "2-D", "[3, 3, 3]");
    }

    [Fact]
    public void OrthogonalRegularizerIsTheMeanAbsoluteCosineOfDistinctRowsOrColumns()
    {
        using var scope = torch.NewDisposeScope();
        var w = TestData.Randn(5, 3, 4);
        var v = TestData.Values(w);
        double Cosine(Func<int, double> a, Func<int, double> b, int n)
        {
            double dot = 0, na = 0, nb = 0;
            for (var i = 0; i < n; i++) { dot += a(i) * b(i); na += a(i) * a(i); nb += b(i) * b(i); }
            return dot / Math.Sqrt(na * nb);
        }
        double rows = 0, columns = 0;
        for (var i = 0; i < 3; i++) for (var j = 0; j < 3; j++) if (i != j) rows += Math.Abs(Cosine(k => v[i * 4 + k], k => v[j * 4 + k], 4));
        for (var i = 0; i < 4; i++) for (var j = 0; j < 4; j++) if (i != j) columns += Math.Abs(Cosine(k => v[k * 4 + i], k => v[k * 4 + j], 3));
        Assert.Equal(0.1 * 0.5 * rows / 3, new OrthogonalRegularizer(0.1).Call(w).ToDouble(), 6);
        Assert.Equal(0.01 * 0.5 * columns / 6, new OrthogonalRegularizer(mode: "columns").Call(w).ToDouble(), 6);
        // Orthogonal rows cost nothing.
        Assert.Equal(0.0, new OrthogonalRegularizer().Call(torch.eye(3)).ToDouble(), 12);
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => new OrthogonalRegularizer(mode: "diagonal")).Message, "'diagonal'", "'rows'");
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => new OrthogonalRegularizer().Call(torch.ones(2, 2, 2))).Message, "2-D", "[2, 2, 2]");
    }

    [Fact]
    public void NamesConfigsAndBadArguments()
    {
        Assert.IsType<MinMaxNorm>(Constraint.Get("min_max_norm"));
        Assert.IsType<OrthogonalRegularizer>(Regularizer.Get("orthogonal_regularizer"));
        foreach (var (value, family) in new (IKerasSerializable, Type)[]
                 { (new MinMaxNorm(0.5, 2, 0.3, 1), typeof(Constraint)), (new Identity(0.7), typeof(Initializer)), (new OrthogonalRegularizer(0.2, "columns"), typeof(Regularizer)) })
        {
            var json = TestData.Json(value.GetConfig());
            var copy = (IKerasSerializable)KerasRegistry.Create(value.GetType(), TestData.ParseJson(json));
            Assert.IsAssignableFrom(family, copy);
            Assert.Equal(json, TestData.Json(copy.GetConfig()));
        }
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentOutOfRangeException>(() => new MinMaxNorm(2, 1)).Message, "maxValue", "1");
        Assert.Throws<ArgumentOutOfRangeException>(() => new MinMaxNorm(rate: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OrthogonalRegularizer(-1));
    }
}
