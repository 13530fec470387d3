using KerasNet.Layers;
using KerasNet.Serialization;

namespace KerasNet.Tests.LayersTests;

/// <summary>Discretization on Keras's docstring examples, its config and its errors.</summary>
public class DiscretizationTests
{
    [Fact]
    public void MatchesKerasExamplesWithGivenAndAdaptedBoundaries()
    {
        using var scope = torch.NewDisposeScope();
        var input = torch.tensor(new[,] { { -1.5f, 1.0f, 3.4f, .5f }, { 0.0f, 3.0f, 1.3f, 0.0f } });
        var given = new Discretization(binBoundaries: new[] { 0.0, 1.0, 2.0 });
        Assert.Equal(new long[] { 0, 2, 3, 1, 1, 3, 2, 1 }, given.Apply(input).flatten().data<long>().ToArray());
        var adapted = new Discretization(numBins: 4, epsilon: 0.01);
        adapted.Adapt(input);
        Assert.Equal(new[] { 0.0, 0.5, 1.3 }, adapted.BinBoundaries!.Select(b => Math.Round(b, 6)));
        Assert.Equal(new long[] { 0, 2, 3, 2, 1, 3, 3, 1 }, adapted.Apply(input).flatten().data<long>().ToArray());
        var counts = new Discretization(binBoundaries: new[] { 0.0, 1.0, 2.0 }, outputMode: "count").Apply(input);
        TestData.Close(torch.tensor(new[,] { { 1f, 1, 1, 1 }, { 0f, 2, 1, 1 } }), counts, "count output");
        Assert.Equal(TensorShape.WithBatch(4, 4), new Discretization(binBoundaries: new[] { 0.0, 1.0, 2.0 }, outputMode: "one_hot").ComputeOutputShape(TensorShape.WithBatch(4)));
    }

    [Fact]
    public void ConfigRoundTripsAndBadArgumentsAreRefused()
    {
        var layer = new Discretization(binBoundaries: new[] { -1.0, 2.5 }, outputMode: "multi_hot");
        var json = TestData.Json(layer.GetConfig());
        Assert.Equal(json, TestData.Json(KerasRegistry.FromConfig<Layer>("Discretization", TestData.ParseJson(json)).GetConfig()));
        Assert.Contains("exactly one", Assert.Throws<ArgumentException>(() => new Discretization()).Message);
        Assert.Contains("both", Assert.Throws<ArgumentException>(() => new Discretization(new[] { 1.0 }, 3)).Message);
        Assert.Contains("strictly increasing", Assert.Throws<ArgumentException>(() => new Discretization(new[] { 1.0, 1.0 })).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Discretization(numBins: 3, epsilon: 0));
        Assert.Contains("Adapt", Assert.Throws<InvalidOperationException>(() => new Discretization(numBins: 3).Apply(torch.ones(2))).Message);
        Assert.Contains("numBins", Assert.Throws<InvalidOperationException>(() => layer.Adapt(torch.ones(2))).Message);
    }
}
