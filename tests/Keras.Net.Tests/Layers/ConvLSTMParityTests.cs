using KerasNet.Layers;
using KerasNet.TestSupport;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// ConvLSTM1D/2D/3D against a float64 reference computed step by step with torch's convolutions
/// (tests/fixtures/cases/keras_catalogue_b.py): output sequences, final states and the gradients of the input and of
/// every weight, channels-first and channels-last. Tolerances: the float32 parity ones (rtol 1e-5, atol 1e-6) against
/// the float64 reference; plus argument and input errors.
/// </summary>
public class ConvLSTMParityTests : IClassFixture<ConvLSTMParityTests.Fixtures>
{
    public sealed class Fixtures : IDisposable
    {
        public Fixture Catalogue { get; } = Fixture.Load("keras_catalogue_b");
        public void Dispose() => Catalogue.Dispose();
    }

    private readonly Fixture fx;

    public ConvLSTMParityTests(Fixtures fixtures) => fx = fixtures.Catalogue;

    private static BaseConvLSTM Create(string @case, string format) => @case switch
    {
        "conv_lstm2d" => new ConvLSTM2D(2, 3, dataFormat: format, returnSequences: true, returnState: true),
        "conv_lstm2d_same_strided_even" => new ConvLSTM2D(3, (3, 2), strides: 2, padding: "same", dataFormat: format, returnSequences: true, returnState: true),
        "conv_lstm1d_same_dilated" => new ConvLSTM1D(4, 3, padding: "same", dilationRate: 2, dataFormat: format, returnSequences: true, returnState: true),
        _ => new ConvLSTM3D(2, 2, dataFormat: format, returnSequences: true, returnState: true),
    };

    /// <summary>(batch, time, channels, *spatial) to (batch, time, *spatial, channels), or back with <paramref name="back"/>.</summary>
    private static Tensor Move(Tensor t, bool back, int timeAxes)
    {
        var rank = (int)t.dim();
        var first = timeAxes + 1;
        var order = Enumerable.Range(0, rank).Select(i => (long)i).ToList();
        if (back)
        {
            order.RemoveAt(rank - 1);
            order.Insert(first, rank - 1);
        }
        else
        {
            order.RemoveAt(first);
            order.Add(first);
        }
        return t.permute(order.ToArray());
    }

    [Theory]
    [InlineData("conv_lstm2d", "channels_first")]
    [InlineData("conv_lstm2d", "channels_last")]
    [InlineData("conv_lstm2d_same_strided_even", "channels_first")]
    [InlineData("conv_lstm2d_same_strided_even", "channels_last")]
    [InlineData("conv_lstm1d_same_dilated", "channels_first")]
    [InlineData("conv_lstm1d_same_dilated", "channels_last")]
    [InlineData("conv_lstm3d", "channels_first")]
    public void OutputsStatesAndGradientsMatchTheFloat64Reference(string @case, string format)
    {
        using var scope = torch.NewDisposeScope();
        var last = format == "channels_last";
        var what = $"{@case} ({format})";
        using var layer = Create(@case, format);
        var x = (last ? Move(fx[$"{@case}.x"], false, 1) : fx[$"{@case}.x"]).detach().contiguous().clone().requires_grad_();
        layer.BuildFor(TensorShape.Of(x.shape).ReplaceBatch(null));
        var weights = layer.Weights;
        Assert.Equal(3, weights.Count);
        weights[0].Assign(fx[$"{@case}.kernel"]);
        weights[1].Assign(fx[$"{@case}.recurrent_kernel"]);
        weights[2].Assign(fx[$"{@case}.bias"]);

        var outputs = layer.Apply(new[] { x });
        Assert.Equal(3, outputs.Count);
        Tensor Back(Tensor t, int timeAxes) => last ? Move(t, true, timeAxes) : t;
        Tensor F32(string name) => fx[$"{@case}.{name}"].to(ScalarType.Float32);
        TestData.Close(F32("out"), Back(outputs[0], 1), $"{what}: output sequence");
        TestData.Close(F32("h"), Back(outputs[1], 0), $"{what}: final h");
        TestData.Close(F32("c"), Back(outputs[2], 0), $"{what}: final c");
        var computed = layer.ComputeOutputShape(new[] { TensorShape.Of(x.shape) });
        Assert.Equal(TensorShape.Of(outputs[0].shape), computed[0]);
        Assert.Equal(TensorShape.Of(outputs[2].shape), computed[2]);

        var upstream = last ? Move(F32("upstream"), false, 1) : F32("upstream");
        ((outputs[0] * upstream).sum() + outputs[1].sum() + outputs[2].sum()).backward();
        TestData.Close(F32("grad_x"), Back(x.grad!, 1), $"{what}: input gradient");
        TestData.Close(F32("grad_kernel"), weights[0].Value.grad!, $"{what}: kernel gradient");
        TestData.Close(F32("grad_recurrent_kernel"), weights[1].Value.grad!, $"{what}: recurrent kernel gradient");
        TestData.Close(F32("grad_bias"), weights[2].Value.grad!, $"{what}: bias gradient");
    }

    [Fact]
    public void TheForgetBiasStartsAtOneAndTheDefaultLayoutIsChannelsFirst()
    {
        using var scope = torch.NewDisposeScope();
        using var layer = new ConvLSTM2D(2, 3);
        var y = layer.Apply(torch.zeros(new long[] { 1, 2, 3, 5, 5 }));
        Assert.Equal(new long[] { 1, 2, 3, 3 }, y.shape);
        var bias = TestData.Values(layer.Weights[2].Value);
        Assert.Equal(new double[] { 0, 0, 1, 1, 0, 0, 0, 0 }, bias);
    }

    [Fact]
    public void BadArgumentsAndInputsRaiseClearErrors()
    {
        using var scope = torch.NewDisposeScope();
        var filters = Assert.Throws<ArgumentOutOfRangeException>(() => new ConvLSTM2D(0, 3));
        Assert.Contains("ConvLSTM2D: filters must be a positive integer; received 0", filters.Message);
        var padding = Assert.Throws<ArgumentException>(() => new ConvLSTM1D(2, 3, padding: "causal"));
        Assert.Contains("padding must be 'valid' or 'same'", padding.Message);
        var dilated = Assert.Throws<ArgumentException>(() => new ConvLSTM2D(2, 3, strides: 2, dilationRate: 2));
        Assert.Contains("strides > 1 cannot be combined with dilationRate > 1", dilated.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConvLSTM3D(2, 3, dropout: -0.1));

        using var layer = new ConvLSTM2D(2, 3);
        var rank = Assert.Throws<ArgumentException>(() => layer.Apply(torch.zeros(2, 3, 8, 8)));
        Assert.Contains("rank 5 (batch, time, channels, height, width)", rank.Message);
        Assert.Contains("time axis", rank.Message);
        layer.Apply(torch.zeros(new long[] { 2, 3, 1, 8, 8 }));
        var channels = Assert.Throws<ArgumentException>(() => layer.Apply(torch.zeros(new long[] { 2, 3, 8, 8, 1 })));
        Assert.Contains("channels_last", channels.Message);
    }
}
