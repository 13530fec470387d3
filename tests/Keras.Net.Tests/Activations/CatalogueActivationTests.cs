using KerasNet.Activations;
using KerasNet.Layers;
using KerasNet.TestSupport;
using KerasNet.Tests.LayersTests;

namespace KerasNet.Tests.ActivationsTests;

/// <summary>
/// The activations added from Keras 3's catalogue against tests/fixtures/cases/keras_catalogue_losses.py (torch.nn.functional
/// where torch has them, the Keras formula in torch ops otherwise): values and gradients, rtol 1e-5, atol 1e-6.
/// </summary>
public class CatalogueActivationTests : IClassFixture<CatalogueActivationTests.Fixtures>
{
    public sealed class Fixtures : IDisposable
    {
        public Fixture Data { get; } = Fixture.Load("keras_catalogue_losses");
        public void Dispose() => Data.Dispose();
    }

    private readonly Fixture fx;

    public CatalogueActivationTests(Fixtures fixtures) => fx = fixtures.Data;

    public static IEnumerable<object[]> Names() => new[]
    {
        "celu", "glu", "hard_shrink", "hard_tanh", "log_sigmoid", "soft_shrink", "sparse_plus", "sparsemax", "squareplus", "tanh_shrink", "threshold",
    }.Select(n => new object[] { n });

    private static ActivationFunction Resolve(string name) => name == "threshold" ? ActivationFunction.Threshold(0.3, -2.0) : ActivationFunction.Get(name);

    [Theory]
    [MemberData(nameof(Names))]
    public void ValuesAndGradientsMatchTheReference(string name)
    {
        using var scope = torch.NewDisposeScope();
        var x = fx[$"act_{name}.x"].clone().requires_grad_();
        var y = Resolve(name).Call(x);
        TestData.Close(fx[$"act_{name}.y"], y, $"{name} values");
        (y * fx[$"act_{name}.upstream"]).sum().backward();
        TestData.Close(fx[$"act_{name}.grad"], x.grad!, $"{name} gradient");
        Assert.Equal(name, Resolve(name).Name);
    }

    [Fact]
    public void SparsemaxIsAProjectionOntoTheSimplex()
    {
        using var scope = torch.NewDisposeScope();
        // Keras's test: a ramp puts all the mass on its largest entry; and a hand-worked case with a support of 2:
        // x = (1, 0.8, 0.1): the support is the first two (1 + 2·0.8 > 1.8 but 1 + 3·0.1 ≤ 1.9), τ = (1 + 0.8 − 1) / 2 = 0.4.
        var ramp = ActivationFunction.Get("sparsemax").Call(torch.linspace(1, 12, 12).reshape(6, 2));
        TestData.Close(torch.tensor(new float[] { 0, 1 }).expand(6, 2), ramp, "ramp");
        var y = ActivationFunction.Get("sparsemax").Call(TestData.Floats(new[] { 1f, 0.8f, 0.1f }));
        TestData.Close(TestData.Floats(new[] { 0.6f, 0.4f, 0f }), y, "support of 2");
    }

    [Fact]
    public void NamesWorkWhereverLayersTakeAnActivation()
    {
        using var scope = torch.NewDisposeScope();
        var dense = new Dense(4, activation: "soft_shrink");
        var output = dense.Apply(torch.ones(2, 3));
        Assert.Equal(new long[] { 2, 4 }, output.shape);
        Assert.Equal("soft_shrink", dense.GetConfig()["activation"]);
    }

    [Fact]
    public void BadInputNamesTheFix()
    {
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => ActivationFunction.Get("threshold")).Message, "ActivationFunction.Threshold(threshold, defaultValue)");
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => ActivationFunction.Get("sparsemaks")).Message, "sparsemax", "tanh_shrink");
        using var scope = torch.NewDisposeScope();
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => ActivationFunction.Get("glu").Call(torch.ones(2, 3))).Message, "even", "[2, 3]");
        Assert.Throws<ArgumentOutOfRangeException>(() => ActivationFunction.Threshold(double.NaN, 0));
    }
}
