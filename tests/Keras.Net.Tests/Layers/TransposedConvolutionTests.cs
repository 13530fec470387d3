using KerasNet.Layers;
using KerasNet.Regularizers;
using KerasNet.Serialization;
using F = TorchSharp.torch.nn.functional;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// Conv1DTranspose and Conv3DTranspose (on BaseConvTranspose, with Conv2DTranspose): Keras's output sizes for every
/// padding, libtorch's transposed convolution values with the layer's own weights, and their configs. References are
/// computed in float64, which oneDNN does not run (see OneDnnConvolutionTests).
/// </summary>
public sealed class TransposedConvolutionTests
{
    private const double Atol = 1e-5;

    /// <summary>Keras's transposed-convolution output length (keras.src.utils deconv_output_length), written from its definition.</summary>
    private static long KerasLength(long n, long k, long s, long d, string padding, long? outputPadding)
    {
        var dilated = (k - 1) * d + 1;
        if (outputPadding is null) return padding == "valid" ? n * s + Math.Max(dilated - s, 0) : n * s;
        var pad = padding == "valid" ? 0 : dilated / 2;
        return (n - 1) * s + dilated - 2 * pad + outputPadding.Value;
    }

    public static IEnumerable<object?[]> Geometries()
    {
        foreach (var padding in new[] { "valid", "same" })
        foreach (var (k, s, d) in new[] { (1L, 1L, 1L), (2L, 1L, 1L), (3L, 2L, 1L), (4L, 3L, 1L), (1L, 3L, 1L), (3L, 1L, 2L), (2L, 2L, 1L) })
        foreach (var op in new long?[] { null, 0, s - 1 }.Distinct())
            yield return new object?[] { padding, k, s, d, op };
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void OutputShapesFollowKerasForEveryPadding(string padding, long k, long s, long d, long? op)
    {
        if (op is not null && op >= s) return;
        using var scope = torch.NewDisposeScope();
        var outputPadding = op is null ? default(Dims) : op.Value;
        using var conv1 = new Conv1DTranspose(3, k, s, padding, outputPadding, "channels_first", d);
        using var conv3 = new Conv3DTranspose(2, k, s, padding, outputPadding, "channels_first", d);
        var length = KerasLength(5, k, s, d, padding, op);

        var y1 = conv1.Apply(torch.randn(2, 4, 5));
        Assert.Equal(new long[] { 2, 3, length }, y1.shape);
        Assert.Equal(new TensorShape(null, 3, length), conv1.ComputeOutputShape(new TensorShape(null, 4, 5)));
        var y3 = conv3.Apply(torch.randn(new long[] { 1, 2, 5, 5, 5 }));
        Assert.Equal(new long[] { 1, 2, length, length, length }, y3.shape);
    }

    /// <summary>Torch's (padding, output padding) that give Keras's size for these cases, as the reference call takes them.</summary>
    public static IEnumerable<object[]> TorchEquivalents() => new[]
    {
        // padding mode, kernel, stride, dilation, Keras output padding (-1: none), torch padding, torch output padding
        new object[] { "valid", 3L, 2L, 1L, -1L, 0L, 0L },
        new object[] { "valid", 3L, 2L, 1L, 1L, 0L, 1L },
        new object[] { "valid", 1L, 2L, 1L, -1L, 0L, 1L },
        new object[] { "same", 3L, 2L, 1L, -1L, 1L, 1L },
        new object[] { "same", 4L, 2L, 1L, -1L, 1L, 0L },
        new object[] { "same", 3L, 2L, 1L, 0L, 1L, 0L },
        new object[] { "valid", 3L, 1L, 2L, -1L, 0L, 0L },
    };

    [Theory]
    [MemberData(nameof(TorchEquivalents))]
    public void Conv1DTransposeComputesTorchsTransposedConvolution(string padding, long k, long s, long d, long op, long torchPadding, long torchOutputPadding)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(11);
        var layer = new Conv1DTranspose(5, k, s, padding, op < 0 ? default(Dims) : op, "channels_first", d, activation: "relu");
        var x = torch.randn(2, 3, 7);
        var y = layer.Apply(x);

        var (w, b) = (layer.Kernel.Value.detach().to(ScalarType.Float64), layer.Bias!.Value.detach().to(ScalarType.Float64));
        Assert.Equal(new long[] { 3, 5, k }, w.shape);
        var expected = F.relu(F.conv_transpose1d(x.to(ScalarType.Float64), w, b, s, torchPadding, torchOutputPadding, d));
        TestData.Close(expected, y, $"Conv1DTranspose {padding} k={k} s={s} d={d}", atol: Atol);
    }

    [Theory]
    [MemberData(nameof(TorchEquivalents))]
    public void Conv3DTransposeComputesTorchsTransposedConvolution(string padding, long k, long s, long d, long op, long torchPadding, long torchOutputPadding)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(12);
        var layer = new Conv3DTranspose(4, k, s, padding, op < 0 ? default(Dims) : op, "channels_first", d);
        var x = torch.randn(new long[] { 2, 3, 4, 3, 5 });
        var y = layer.Apply(x);

        var (w, b) = (layer.Kernel.Value.detach().to(ScalarType.Float64), layer.Bias!.Value.detach().to(ScalarType.Float64));
        Assert.Equal(new long[] { 3, 4, k, k, k }, w.shape);
        var expected = F.conv_transpose3d(x.to(ScalarType.Float64), w, b, new[] { s, s, s }, new[] { torchPadding, torchPadding, torchPadding },
            new[] { torchOutputPadding, torchOutputPadding, torchOutputPadding }, new[] { d, d, d });
        TestData.Close(expected, y, $"Conv3DTranspose {padding} k={k} s={s} d={d}", atol: Atol);
    }

    [Fact]
    public void ChannelsLastIsTheChannelsFirstResultWithTheChannelsLast()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(13);
        var first = new Conv3DTranspose(3, (2, 3, 1), strides: (2, 1, 3), padding: "same", dataFormat: "channels_first");
        var last = new Conv3DTranspose(3, (2, 3, 1), strides: (2, 1, 3), padding: "same", dataFormat: "channels_last");
        var x = torch.randn(new long[] { 2, 4, 3, 5, 2 });
        var expected = first.Apply(x);
        last.BuildFor(new TensorShape(null, 3, 5, 2, 4));
        WeightTools.Copy(first, last);
        var y = last.Apply(x.permute(0, 2, 3, 4, 1));
        Assert.Equal(new long[] { 2, 6, 5, 6, 3 }, y.shape);
        TestData.Close(expected.permute(0, 2, 3, 4, 1), y, "channels-last Conv3DTranspose");
    }

    [Fact]
    public void InputGradientMatchesFloat64WithFewChannels()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(14);
        var layer = new Conv1DTranspose(4, 3, strides: 2, dataFormat: "channels_first");
        var x = torch.randn(2, 3, 6).requires_grad_();
        layer.Apply(x, training: true).square().sum().backward();

        var x64 = x.detach().to(ScalarType.Float64).requires_grad_();
        var (w, b) = (layer.Kernel.Value.detach().to(ScalarType.Float64), layer.Bias!.Value.detach().to(ScalarType.Float64));
        F.conv_transpose1d(x64, w, b, 2, 0, 0, 1).square().sum().backward();
        TestData.Close(x64.grad!, x.grad!, "input gradient", atol: Atol);
    }

    [Theory]
    [InlineData(typeof(Conv1DTranspose))]
    [InlineData(typeof(Conv3DTranspose))]
    public void ConfigHasKerassKeysAndRoundTrips(Type type)
    {
        var rank = type == typeof(Conv1DTranspose) ? 1 : 3;
        using var layer = rank == 1
            ? new Conv1DTranspose(6, 3, strides: 2, padding: "same", outputPadding: 1, dilationRate: 1, kernelRegularizer: new L2(0.01), name: "up")
            : (Layer)new Conv3DTranspose(6, 3, strides: 2, padding: "same", outputPadding: 1, dilationRate: 1, kernelRegularizer: new L2(0.01), name: "up");
        var config = layer.GetConfig();
        Assert.Equal(new[] { "name", "trainable", "filters", "kernel_size", "strides", "padding", "output_padding", "data_format", "dilation_rate",
                             "activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
                             "kernel_constraint", "bias_constraint" }, config.Keys);
        Assert.Equal(Enumerable.Repeat(3L, rank), (long[])config["kernel_size"]!);
        Assert.Equal(Enumerable.Repeat(1L, rank), (long[])config["output_padding"]!);

        using var restored = KerasRegistry.FromConfig<Layer>(type.Name, TestData.ParseJson(TestData.Json(config)));
        Assert.IsType(type, restored);
        Assert.Equal(TestData.Json(config), TestData.Json(restored.GetConfig()));
    }

    [Fact]
    public void BadArgumentsAndInputsAreRefusedWithWhatWasReceived()
    {
        Assert.Contains("outputPadding", Assert.ThrowsAny<ArgumentException>(() => new Conv1DTranspose(2, 3, strides: 2, outputPadding: 2)).Message);
        Assert.Contains("received 0", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv3DTranspose(0, 3)).Message);
        Assert.Contains("causal", Assert.ThrowsAny<ArgumentException>(() => new Conv1DTranspose(2, 3, padding: "causal")).Message);
        using var scope = torch.NewDisposeScope();
        using var layer = new Conv3DTranspose(2, 3, dataFormat: "channels_first");
        Assert.Contains("rank 5", Assert.ThrowsAny<ArgumentException>(() => layer.Apply(torch.randn(2, 3, 4, 4))).Message);
    }
}
