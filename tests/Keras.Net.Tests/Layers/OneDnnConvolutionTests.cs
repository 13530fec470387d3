using KerasNet.Layers;
using F = TorchSharp.torch.nn.functional;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// In-process checks of the convolution layers against the same convolutions in float64 (which oneDNN does not run),
/// for the channel counts where libtorch 2.10's oneDNN misreads channel padding (see OneDnnConvolution); the
/// probe-based ConvolutionKernelProbeTests check the whole grid on deliberately dirtied memory.
/// </summary>
public sealed class OneDnnConvolutionTests
{
    // float32 against float64: each element sums 100 to 900 products of terms near 1, which float32 rounding leaves up
    // to about 5e-6 off. The defect guarded against is off by 6% to 70% of the largest element (or NaN).
    private const double Atol = 1e-5;

    [Theory]
    [InlineData(4, 8)]
    [InlineData(16, 12)]
    [InlineData(8, 100)]
    [InlineData(3, 16)]
    public void Conv2DInputAndWeightGradientsMatchFloat64(int channels, int filters)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(7);
        var conv = new Conv2D(filters, 3, padding: "same");
        var x = torch.randn(3, channels, 6, 6).requires_grad_();
        var y = conv.Apply(x, training: true);
        var upstream = torch.randn(y.shape);
        (y * upstream).sum().backward();

        var x64 = x.detach().to(ScalarType.Float64).requires_grad_();
        var w64 = conv.Kernel.Value.detach().to(ScalarType.Float64).requires_grad_();
        var y64 = F.conv2d(x64, w64, conv.Bias!.Value.detach().to(ScalarType.Float64), padding: new long[] { 1, 1 });
        (y64 * upstream.to(ScalarType.Float64)).sum().backward();

        TestData.Close(y64, y, "output", atol: Atol);
        TestData.Close(x64.grad!, x.grad!, "input gradient", atol: Atol);
        TestData.Close(w64.grad!, conv.Kernel.Value.grad!, "kernel gradient", atol: Atol);
    }

    [Fact]
    public void Conv2DTransposeWithFewInputChannelsMatchesFloat64()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(8);
        var layer = new Conv2DTranspose(4, 4);
        var x = torch.randn(2, 3, 5, 5).requires_grad_();
        var y = layer.Apply(x, training: true);
        y.square().sum().backward();

        var x64 = x.detach().to(ScalarType.Float64).requires_grad_();
        var (kernel, bias) = (layer.Weights[0].Value.detach().to(ScalarType.Float64), layer.Weights[1].Value.detach().to(ScalarType.Float64));
        var y64 = F.conv_transpose2d(x64, kernel, bias);
        y64.square().sum().backward();
        TestData.Close(y64, y, "output", atol: Atol);
        TestData.Close(x64.grad!, x.grad!, "input gradient", atol: Atol);
    }

    [Fact]
    public void ChannelsLastDepthwiseWithAMultiplierMatchesFloat64()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(9);
        var layer = new DepthwiseConv2D(3, depthMultiplier: 2, dataFormat: "channels_last");
        var x = torch.randn(2, 5, 7, 3);
        var y = layer.Apply(x);
        var kernel = layer.Weights[0].Value.detach().to(ScalarType.Float64);
        var bias = layer.Weights[1].Value.detach().to(ScalarType.Float64);
        var y64 = F.conv2d(x.to(ScalarType.Float64).permute(0, 3, 1, 2), kernel, bias, groups: 3)
            .permute(0, 2, 3, 1);
        TestData.Close(y64, y, "output", atol: Atol);
    }
}
