using F = KerasNet.Torch.torch.nn.functional;

namespace KerasNet.Torch.Tests.NN;

/// <summary>torch.nn.functional linear and convolution ops against PyTorch (tests/fixtures/cases/nn_conv.py).</summary>
public sealed class ConvTests : IDisposable
{
    private readonly Fixture fx = Fixture.Load("nn_conv");

    public void Dispose() => fx.Dispose();

    [Fact] public void Linear() => Parity.Check(fx, "linear", 3, x => F.linear(x[0], x[1], x[2]));
    [Fact] public void LinearWithoutBias() => Parity.Check(fx, "linear_nobias", 2, x => F.linear(x[0], x[1]));
    [Fact] public void LinearOn3DInput() => Parity.Check(fx, "linear_3d", 3, x => F.linear(x[0], x[1], bias: x[2]));
    [Fact] public void Bilinear() => Parity.Check(fx, "bilinear", 4, x => F.bilinear(x[0], x[1], x[2], x[3]));

    [Fact] public void Conv1d() => Parity.Check(fx, "conv1d", 3, x => F.conv1d(x[0], x[1], x[2]));
    [Fact] public void Conv1dStridePaddingDilation() =>
        Parity.Check(fx, "conv1d_stride_pad_dil", 3, x => F.conv1d(x[0], x[1], x[2], stride: 2, padding: 1, dilation: 2));
    [Fact] public void Conv1dGroups() => Parity.Check(fx, "conv1d_groups", 3, x => F.conv1d(x[0], x[1], x[2], groups: 2));
    [Fact] public void Conv1dSameEvenKernel() => Parity.Check(fx, "conv1d_same", 3, x => F.conv1d(x[0], x[1], x[2], padding: "same"));

    [Fact] public void Conv2d() => Parity.Check(fx, "conv2d", 3, x => F.conv2d(x[0], x[1], x[2]));
    [Fact] public void Conv2dWithoutBias() => Parity.Check(fx, "conv2d_nobias", 2, x => F.conv2d(x[0], x[1]));
    [Fact] public void Conv2dStride2Padding1() =>
        Parity.Check(fx, "conv2d_stride2_pad1", 3, x => F.conv2d(x[0], x[1], bias: x[2], stride: 2, padding: 1));
    [Fact] public void Conv2dStride2Padding1AsArrays() =>
        Parity.Check(fx, "conv2d_stride2_pad1", 3, x => F.conv2d(x[0], x[1], x[2], stride: new long[] { 2, 2 }, padding: new long[] { 1, 1 }));
    [Fact] public void Conv2dDilation() => Parity.Check(fx, "conv2d_dilation2", 3, x => F.conv2d(x[0], x[1], x[2], dilation: 2, padding: 1));
    [Fact] public void Conv2dGroups() => Parity.Check(fx, "conv2d_groups2", 3, x => F.conv2d(x[0], x[1], x[2], padding: 1, groups: 2));
    [Fact] public void Conv2dDepthwise() => Parity.Check(fx, "conv2d_depthwise", 3, x => F.conv2d(x[0], x[1], x[2], groups: 3));
    [Fact] public void Conv2dPerDimensionArguments() =>
        Parity.Check(fx, "conv2d_per_dim", 3, x => F.conv2d(x[0], x[1], x[2], stride: new long[] { 2, 1 }, padding: new long[] { 1, 0 }, dilation: new long[] { 1, 2 }));
    [Fact] public void Conv2dSameOddKernel() => Parity.Check(fx, "conv2d_same_odd", 3, x => F.conv2d(x[0], x[1], x[2], padding: "same"));
    [Fact] public void Conv2dSameEvenKernelPadsAsymmetrically() => Parity.Check(fx, "conv2d_same_even", 3, x => F.conv2d(x[0], x[1], x[2], padding: "same"));
    [Fact] public void Conv2dSameWithDilation() => Parity.Check(fx, "conv2d_same_dilation", 3, x => F.conv2d(x[0], x[1], x[2], padding: "same", dilation: 2));
    [Fact] public void Conv2dSameWithArrayDilation() =>
        Parity.Check(fx, "conv2d_same_dilation", 3, x => F.conv2d(x[0], x[1], x[2], stride: null, padding: "same", dilation: new long[] { 2, 2 }));
    [Fact] public void Conv2dValidWithStride() => Parity.Check(fx, "conv2d_valid_stride", 3, x => F.conv2d(x[0], x[1], x[2], stride: 2, padding: "valid"));
    [Fact] public void Conv2dUnbatched() => Parity.Check(fx, "conv2d_unbatched", 3, x => F.conv2d(x[0], x[1], x[2], padding: 1));

    [Fact] public void Conv3d() =>
        Parity.Check(fx, "conv3d", 3, x => F.conv3d(x[0], x[1], x[2], stride: new long[] { 1, 2, 1 }, padding: new long[] { 1, 1, 1 }));
    [Fact] public void Conv3dSame() => Parity.Check(fx, "conv3d_same", 3, x => F.conv3d(x[0], x[1], x[2], padding: "same"));

    [Fact] public void ConvTranspose1d() =>
        Parity.Check(fx, "conv_transpose1d", 3, x => F.conv_transpose1d(x[0], x[1], x[2], stride: 2, padding: 1, output_padding: 1));
    [Fact] public void ConvTranspose1dDilationGroups() =>
        Parity.Check(fx, "conv_transpose1d_dilation", 3, x => F.conv_transpose1d(x[0], x[1], x[2], dilation: 2, groups: 2));
    [Fact] public void ConvTranspose2d() =>
        Parity.Check(fx, "conv_transpose2d", 3, x => F.conv_transpose2d(x[0], x[1], x[2], stride: 2, padding: 1, output_padding: 1));
    [Fact] public void ConvTranspose2dGroupsDilation() =>
        Parity.Check(fx, "conv_transpose2d_groups_dilation", 3, x => F.conv_transpose2d(x[0], x[1], x[2], padding: 1, groups: 2, dilation: 2));
    [Fact] public void ConvTranspose2dPerDimensionArguments() =>
        Parity.Check(fx, "conv_transpose2d_per_dim", 3, x => F.conv_transpose2d(x[0], x[1], x[2], stride: new long[] { 2, 3 }, padding: new long[] { 0, 1 }, output_padding: new long[] { 1, 2 }));
    [Fact] public void ConvTranspose3d() => Parity.Check(fx, "conv_transpose3d", 3, x => F.conv_transpose3d(x[0], x[1], x[2], stride: 2));

    // ---- bad input ----

    [Fact]
    public void Conv2dRejectsA2DInputNamingOpAndShapes()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(8, 784);
        var w = torch.randn(4, 1, 3, 3);
        var e = Assert.Throws<TorchShapeException>(() => F.conv2d(x, w));
        Assert.Equal("conv2d", e.Op);
        Assert.StartsWith("conv2d:", e.Message);
        Assert.Contains("float32[8, 784]", e.Message);
        Assert.Contains("float32[4, 1, 3, 3]", e.Message);
    }

    [Fact]
    public void Conv2dRejectsA3DBatchWithoutChannelAxis()
    {
        // (batch, height, width) = (5, 28, 28) is read as an unbatched image with 5 channels: the weight wants 1.
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(5, 28, 28);
        var w = torch.randn(4, 1, 3, 3);
        var e = Assert.Throws<TorchShapeException>(() => F.conv2d(x, w));
        Assert.StartsWith("conv2d:", e.Message);
        Assert.Contains("channels", e.Message);
        Assert.Contains("float32[5, 28, 28]", e.Message);
        Assert.Contains("float32[4, 1, 3, 3]", e.Message);
    }

    [Fact]
    public void Conv2dRejectsWrongChannelCount()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(2, 3, 8, 8);
        var w = torch.randn(4, 2, 3, 3);
        var b = torch.randn(4);
        var e = Assert.Throws<TorchShapeException>(() => F.conv2d(x, w, b));
        Assert.Contains("expected input[2, 3, 8, 8] to have 2 channels", e.Message);
        Assert.Contains("float32[2, 3, 8, 8], float32[4, 2, 3, 3], float32[4]", e.Message);
    }

    [Fact]
    public void ConvRejectsUnknownPaddingString()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(1, 1, 5, 5);
        var w = torch.randn(1, 1, 3, 3);
        var e = Assert.Throws<ArgumentException>(() => F.conv2d(x, w, padding: "full"));
        Assert.Equal("padding", e.ParamName);
        Assert.Contains("conv2d", e.Message);
        Assert.Contains("'full'", e.Message);
    }

    [Fact]
    public void ConvSameRejectsStride()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(1, 1, 6, 6);
        var w = torch.randn(1, 1, 3, 3);
        var e = Assert.Throws<TorchException>(() => F.conv2d(x, w, stride: 2, padding: "same"));
        Assert.StartsWith("conv2d:", e.Message);
        Assert.Contains("strided", e.Message);
    }

    [Fact]
    public void LinearRejectsMismatchedFeatures()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(4, 5);
        var w = torch.randn(3, 6);
        var e = Assert.Throws<TorchShapeException>(() => F.linear(x, w));
        Assert.StartsWith("linear:", e.Message);
        Assert.Contains("float32[4, 5], float32[3, 6]", e.Message);
    }

    [Fact]
    public void OverloadsAgree()
    {
        // The single-value overload and the per-dimension overload are the same convolution.
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(1, 2, 7, 7);
        var w = torch.randn(3, 2, 3, 3);
        TensorAssert.Equal(F.conv2d(x, w, null, new long[] { 2, 2 }, new long[] { 1, 1 }, new long[] { 1, 1 }), F.conv2d(x, w, null, 2, 1, 1));
        TensorAssert.Equal(F.conv2d(x, w, padding: new long[] { 1, 1 }), F.conv2d(x, w, padding: "same"));
        TensorAssert.Equal(F.conv2d(x, w), F.conv2d(x, w, padding: "valid"));
    }
}
