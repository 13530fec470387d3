using F = KerasNet.Torch.torch.nn.functional;

namespace KerasNet.Torch.Tests.NN;

/// <summary>torch.nn.functional pooling against PyTorch (tests/fixtures/cases/nn_pool.py).</summary>
public sealed class PoolTests : IDisposable
{
    private readonly Fixture fx = Fixture.Load("nn_pool");

    public void Dispose() => fx.Dispose();

    [Fact] public void MaxPool1d() => Parity.Check(fx, "max_pool1d", 1, x => F.max_pool1d(x[0], 3));
    [Fact] public void MaxPool1dStridePadding() => Parity.Check(fx, "max_pool1d_stride_pad", 1, x => F.max_pool1d(x[0], 3, stride: 2, padding: 1));
    [Fact] public void MaxPool1dDilationCeilMode() =>
        Parity.Check(fx, "max_pool1d_dilation_ceil", 1, x => F.max_pool1d(x[0], 2, stride: 2, dilation: 2, ceil_mode: true));
    [Fact] public void MaxPool1dWithIndices() => CheckWithIndices("max_pool1d_indices", x => F.max_pool1d_with_indices(x, 3, stride: 2));

    [Fact] public void MaxPool2dStrideDefaultsToKernel() => Parity.Check(fx, "max_pool2d", 1, x => F.max_pool2d(x[0], 2));
    [Fact] public void MaxPool2dStrideDefaultsToKernelArray() => Parity.Check(fx, "max_pool2d", 1, x => F.max_pool2d(x[0], new long[] { 2, 2 }));
    [Fact] public void MaxPool2dKernel3Stride2Padding1() => Parity.Check(fx, "max_pool2d_k3s2p1", 1, x => F.max_pool2d(x[0], 3, stride: 2, padding: 1));
    [Fact] public void MaxPool2dCeilMode() => Parity.Check(fx, "max_pool2d_ceil", 1, x => F.max_pool2d(x[0], 2, ceil_mode: true));
    [Fact] public void MaxPool2dDilation() => Parity.Check(fx, "max_pool2d_dilation", 1, x => F.max_pool2d(x[0], 2, stride: 1, dilation: 2));
    [Fact] public void MaxPool2dPerDimension() =>
        Parity.Check(fx, "max_pool2d_per_dim", 1, x => F.max_pool2d(x[0], new long[] { 2, 3 }, stride: new long[] { 1, 2 }, padding: new long[] { 1, 1 }));
    [Fact] public void MaxPool2dWithIndices() => CheckWithIndices("max_pool2d_indices", x => F.max_pool2d_with_indices(x, 3, stride: 2, padding: 1));
    [Fact] public void MaxPool3d() => Parity.Check(fx, "max_pool3d", 1, x => F.max_pool3d(x[0], new long[] { 2, 2, 2 }, stride: new long[] { 1, 2, 2 }));

    [Fact] public void AvgPool1d() => Parity.Check(fx, "avg_pool1d", 1, x => F.avg_pool1d(x[0], 3, stride: 2, padding: 1));
    [Fact] public void AvgPool1dExcludePaddingCeilMode() =>
        Parity.Check(fx, "avg_pool1d_exclude_pad_ceil", 1, x => F.avg_pool1d(x[0], 3, stride: 2, padding: 1, ceil_mode: true, count_include_pad: false));
    [Fact] public void AvgPool2d() => Parity.Check(fx, "avg_pool2d", 1, x => F.avg_pool2d(x[0], 2));
    [Fact] public void AvgPool2dKernel3Stride2Padding1() => Parity.Check(fx, "avg_pool2d_k3s2p1", 1, x => F.avg_pool2d(x[0], 3, stride: 2, padding: 1));
    [Fact] public void AvgPool2dExcludePadding() =>
        Parity.Check(fx, "avg_pool2d_exclude_pad", 1, x => F.avg_pool2d(x[0], 3, stride: 2, padding: 1, count_include_pad: false));
    [Fact] public void AvgPool2dCeilMode() => Parity.Check(fx, "avg_pool2d_ceil", 1, x => F.avg_pool2d(x[0], 2, ceil_mode: true));
    [Fact] public void AvgPool2dDivisorOverride() =>
        Parity.Check(fx, "avg_pool2d_divisor", 1, x => F.avg_pool2d(x[0], new long[] { 3, 2 }, stride: new long[] { 2, 1 }, divisor_override: 5));
    [Fact] public void AvgPool3d() => Parity.Check(fx, "avg_pool3d", 1, x => F.avg_pool3d(x[0], 2, padding: 1));

    [Fact] public void AdaptiveAvgPool1d() => Parity.Check(fx, "adaptive_avg_pool1d", 1, x => F.adaptive_avg_pool1d(x[0], 4));
    [Fact] public void AdaptiveAvgPool2d() => Parity.Check(fx, "adaptive_avg_pool2d", 1, x => F.adaptive_avg_pool2d(x[0], new long[] { 4, 3 }));
    [Fact] public void AdaptiveAvgPool2dGlobal() => Parity.Check(fx, "adaptive_avg_pool2d_global", 1, x => F.adaptive_avg_pool2d(x[0], 1));
    [Fact] public void AdaptiveAvgPool3d() => Parity.Check(fx, "adaptive_avg_pool3d", 1, x => F.adaptive_avg_pool3d(x[0], new long[] { 2, 3, 4 }));
    [Fact] public void AdaptiveMaxPool1d() => Parity.Check(fx, "adaptive_max_pool1d", 1, x => F.adaptive_max_pool1d(x[0], 4));
    [Fact] public void AdaptiveMaxPool1dWithIndices() => CheckWithIndices("adaptive_max_pool1d_indices", x => F.adaptive_max_pool1d_with_indices(x, 5));
    [Fact] public void AdaptiveMaxPool2d() => Parity.Check(fx, "adaptive_max_pool2d", 1, x => F.adaptive_max_pool2d(x[0], new long[] { 4, 3 }));
    [Fact] public void AdaptiveMaxPool2dWithIndices() => CheckWithIndices("adaptive_max_pool2d_indices", x => F.adaptive_max_pool2d_with_indices(x, 3));
    [Fact] public void AdaptiveMaxPool3d() => Parity.Check(fx, "adaptive_max_pool3d", 1, x => F.adaptive_max_pool3d(x[0], new long[] { 2, 2, 3 }));

    private void CheckWithIndices(string @case, Func<Tensor, (Tensor output, Tensor indices)> op)
    {
        Tensor? indices = null;
        Parity.Check(fx, @case, 1, x =>
        {
            var result = op(x[0]);
            indices = result.indices;
            return result.output;
        });
        using var scope = torch.NewDisposeScope();
        var again = op(fx.Input(@case, 0));
        Assert.Equal(ScalarType.Int64, again.indices.dtype);
        TensorAssert.Equal(fx[$"{@case}.indices"], again.indices);
        Assert.NotNull(indices);
    }

    // ---- bad input ----

    [Fact]
    public void MaxPool2dRejectsKernelLargerThanPaddedInput()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(1, 1, 2, 2);
        var e = Assert.Throws<TorchShapeException>(() => F.max_pool2d(x, 3));
        Assert.StartsWith("max_pool2d:", e.Message);
        Assert.Contains("float32[1, 1, 2, 2]", e.Message);
    }

    [Fact]
    public void AvgPool2dRejectsA2DInput()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(4, 4);
        var e = Assert.Throws<TorchShapeException>(() => F.avg_pool2d(x, 2));
        Assert.Equal("avg_pool2d: expected input of rank 4 (batch, channels, height, width) or 3 (channels, height, width); received shape [4, 4].", e.Message);
    }

    [Fact]
    public void MaxPool1dRejectsA4DInput()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(1, 2, 3, 4);
        var e = Assert.Throws<TorchShapeException>(() => F.max_pool1d_with_indices(x, 2));
        Assert.Contains("max_pool1d_with_indices: expected input of rank 3 (batch, channels, length)", e.Message);
        Assert.Contains("[1, 2, 3, 4]", e.Message);
    }

    [Fact]
    public void AdaptivePoolRejectsWrongOutputSizeLength()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(1, 2, 6, 6);
        var e = Assert.ThrowsAny<TorchException>(() => F.adaptive_avg_pool2d(x, new long[] { 2, 2, 2 }));
        Assert.StartsWith("adaptive_avg_pool2d:", e.Message);
        Assert.Contains("float32[1, 2, 6, 6]", e.Message);
    }

    [Fact]
    public void AvgPoolRejectsNonPositiveDivisor()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(1, 1, 4, 4);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => F.avg_pool2d(x, 2, divisor_override: 0));
        Assert.Equal("divisor_override", e.ParamName);
    }
}
