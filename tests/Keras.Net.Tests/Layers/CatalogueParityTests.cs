using KerasNet.Layers;
using KerasNet.TestSupport;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// The catalogue layers against torch.nn.functional (tests/fixtures/cases/keras_catalogue_layers.py): outputs and input
/// gradients. Inputs are stored channels-first; the 1-D layers run in their default (batch, steps, features) layout
/// on the transposed input. Tolerances: the float32 parity ones (rtol 1e-5, atol 1e-6).
/// </summary>
public class CatalogueParityTests : IClassFixture<CatalogueParityTests.Fixtures>
{
    public sealed class Fixtures : IDisposable
    {
        public Fixture Catalogue { get; } = Fixture.Load("keras_catalogue_layers");
        public void Dispose() => Catalogue.Dispose();
    }

    private readonly Fixture fx;

    public CatalogueParityTests(Fixtures fixtures) => fx = fixtures.Catalogue;

    public static IEnumerable<object[]> Cases() => Factories.Keys.Select(k => new object[] { k });

    private static readonly Dictionary<string, Func<Layer>> Factories = new()
    {
        ["relu"] = () => new ReLU(),
        ["relu_capped"] = () => new ReLU(maxValue: 2.5),
        ["relu_all_options"] = () => new ReLU(maxValue: 4.0, negativeSlope: 0.2, threshold: 0.5),
        ["leaky_relu"] = () => new LeakyReLU(),
        ["elu"] = () => new ELU(0.7),
        ["softmax"] = () => new Softmax(),
        ["softmax_axis1"] = () => new Softmax(axis: 1),
        ["unit_normalization"] = () => new UnitNormalization(),
        ["prelu_channels"] = () => new PReLU(sharedAxes: new long[] { 2, 3 }),
        ["max_pool3d"] = () => new MaxPooling3D(2, dataFormat: "channels_first"),
        ["avg_pool3d_strided"] = () => new AveragePooling3D((2, 3, 2), strides: (1, 2, 2), dataFormat: "channels_first"),
        ["adaptive_avg_pool1d"] = () => new AdaptiveAveragePooling1D(4),
        ["adaptive_max_pool1d"] = () => new AdaptiveMaxPooling1D(4),
        ["adaptive_avg_pool2d"] = () => new AdaptiveAveragePooling2D((3, 2), dataFormat: "channels_first"),
        ["adaptive_max_pool2d"] = () => new AdaptiveMaxPooling2D((3, 2), dataFormat: "channels_first"),
        ["adaptive_avg_pool3d"] = () => new AdaptiveAveragePooling3D((2, 4, 3), dataFormat: "channels_first"),
        ["adaptive_max_pool3d"] = () => new AdaptiveMaxPooling3D((2, 4, 3), dataFormat: "channels_first"),
        ["upsample1d"] = () => new UpSampling1D(3),
        ["upsample3d"] = () => new UpSampling3D((1, 2, 3), dataFormat: "channels_first"),
        ["pad1d"] = () => new ZeroPadding1D(new long[] { 1, 2 }),
        ["pad3d"] = () => new ZeroPadding3D(new long[] { 1, 2, 2, 1, 3, 0 }, dataFormat: "channels_first"),
        ["crop1d"] = () => new Cropping1D(new long[] { 2, 3 }),
        ["crop3d"] = () => new Cropping3D(new long[] { 1, 2, 0, 1, 2, 1 }, dataFormat: "channels_first"),
        ["depthwise_conv1d"] = () => new DepthwiseConv1D(3, padding: "same", depthMultiplier: 2),
        ["separable_conv1d"] = () => new SeparableConv1D(4, 3, strides: 2, depthMultiplier: 2),
    };

    /// <summary>Copies the fixture's weights `<case>.w.<suffix>` into the layer's weights whose path ends in the suffix.</summary>
    private void LoadWeights(Layer layer, string @case, params (string Fixture, string PathEnd)[] map)
    {
        using var noGrad = torch.no_grad();
        foreach (var (name, end) in map)
        {
            var weight = layer.Weights.Single(w => w.Path.EndsWith(end, StringComparison.Ordinal));
            weight.Value.copy_(fx[$"{@case}.w.{name}"].reshape(weight.Value.shape));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OutputAndInputGradientMatchPyTorch(string @case)
    {
        using var scope = torch.NewDisposeScope();
        using var layer = Factories[@case]();
        var stepsFirst = layer is SpatialLayer { Rank: 1 } or AdaptivePooling { Rank: 1 } or BaseDepthwiseConv { Rank: 1 } or BaseSeparableConv { Rank: 1 };
        var x = fx[$"{@case}.in0"].clone().requires_grad_();
        var input = stepsFirst ? x.transpose(1, 2) : x;
        using (torch.no_grad()) layer.Apply(input);
        switch (@case)
        {
            case "prelu_channels": LoadWeights(layer, @case, ("alpha", "alpha")); break;
            case "depthwise_conv1d": LoadWeights(layer, @case, ("kernel", "kernel"), ("bias", "bias")); break;
            case "separable_conv1d": LoadWeights(layer, @case, ("depthwise", "_depthwise/kernel"), ("pointwise", "_pointwise/kernel"), ("bias", "bias")); break;
        }
        var y = layer.Apply(input, training: true);
        if (stepsFirst) y = y.transpose(1, 2);
        TestData.Close(fx[$"{@case}.out"], y, $"{@case}: output");
        (y * fx[$"{@case}.upstream"]).sum().backward();
        TestData.Close(fx[$"{@case}.grad0"], x.grad!, $"{@case}: input gradient");
    }

    [Fact]
    public void SoftmaxGivesMaskedPositionsZeroAndAFullyMaskedRowZeros()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Randn(3, 2, 3, 4);
        var mask = torch.tensor(new[] { true, true, false, false, false, false, true, false }, new long[] { 2, 1, 4 }).expand(2, 3, 4);
        using var layer = new Softmax();
        var y = layer.Apply(new[] { x }, false); // built
        var masked = layer.CallWithChecks(new[] { x }, CallContext.Inference, mask, maskGiven: true)[0];
        var first = torch.cat(new[] { torch.nn.functional.softmax(x[0].narrow(-1, 0, 2), -1), torch.zeros(3, 2) }, -1);
        var second = torch.zeros(3, 4);
        second.select(1, 2).fill_(1);
        var expected = torch.stack(new[] { first, second });
        TestData.Close(expected, masked, "masked softmax");
        Assert.Equal(new long[] { 2, 3, 4 }, y[0].shape);
    }
}
