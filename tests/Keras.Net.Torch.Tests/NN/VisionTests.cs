using F = KerasNet.Torch.torch.nn.functional;

namespace KerasNet.Torch.Tests.NN;

/// <summary>pad, interpolate, pixel_shuffle and pixel_unshuffle against PyTorch (tests/fixtures/cases/nn_norm.py).</summary>
public sealed class VisionTests : IDisposable
{
    private readonly Fixture fx = Fixture.Load("nn_norm");

    public void Dispose() => fx.Dispose();

    [Fact] public void PadConstantWithValue() => Parity.Check(fx, "pad_constant", 1, x => F.pad(x[0], new long[] { 1, 2 }, value: 0.5));
    [Fact] public void PadConstantTwoDims() => Parity.Check(fx, "pad_constant_2d", 1, x => F.pad(x[0], new long[] { 1, 1, 2, 0 }));
    [Fact] public void PadReflect() => Parity.Check(fx, "pad_reflect", 1, x => F.pad(x[0], new long[] { 2, 1 }, mode: "reflect"));
    [Fact] public void PadReflectTwoDims() => Parity.Check(fx, "pad_reflect_2d", 1, x => F.pad(x[0], new long[] { 1, 1, 2, 1 }, mode: "reflect"));
    [Fact] public void PadReplicateTwoDims() => Parity.Check(fx, "pad_replicate_2d", 1, x => F.pad(x[0], new long[] { 2, 1, 1, 3 }, mode: "replicate"));
    [Fact] public void PadCircular() => Parity.Check(fx, "pad_circular", 1, x => F.pad(x[0], new long[] { 1, 2 }, mode: "circular"));
    [Fact] public void PadCircularTwoDims() => Parity.Check(fx, "pad_circular_2d", 1, x => F.pad(x[0], new long[] { 1, 1, 2, 2 }, mode: "circular"));

    [Fact] public void InterpolateNearestScale2() => Parity.Check(fx, "interp_nearest_scale2", 1, x => F.interpolate(x[0], scale_factor: 2));
    [Fact] public void InterpolateNearestSize() => Parity.Check(fx, "interp_nearest_size", 1, x => F.interpolate(x[0], size: new long[] { 5, 7 }));
    [Fact] public void InterpolateNearestFractionalScale() => Parity.Check(fx, "interp_nearest_scale_fraction", 1, x => F.interpolate(x[0], scale_factor: 1.7));
    [Fact] public void InterpolateNearest1d() => Parity.Check(fx, "interp_nearest_1d", 1, x => F.interpolate(x[0], size: 8));
    [Fact] public void InterpolateNearestExact() => Parity.Check(fx, "interp_nearest_exact", 1, x => F.interpolate(x[0], scale_factor: 1.5, mode: "nearest-exact"));
    [Fact] public void InterpolateBilinearScale() => Parity.Check(fx, "interp_bilinear_scale", 1, x => F.interpolate(x[0], scale_factor: 1.5, mode: "bilinear"));
    [Fact] public void InterpolateBilinearAlignCorners() =>
        Parity.Check(fx, "interp_bilinear_align", 1, x => F.interpolate(x[0], size: new long[] { 6, 9 }, mode: "bilinear", align_corners: true));
    [Fact] public void InterpolateBilinearRecomputeScaleFactor() =>
        Parity.Check(fx, "interp_bilinear_recompute", 1, x => F.interpolate(x[0], scale_factor: new[] { 1.7, 1.3 }, mode: "bilinear", recompute_scale_factor: true));
    [Fact] public void InterpolateLinear() => Parity.Check(fx, "interp_linear", 1, x => F.interpolate(x[0], scale_factor: 2.5, mode: "linear"));
    [Fact] public void InterpolateBicubic() => Parity.Check(fx, "interp_bicubic", 1, x => F.interpolate(x[0], size: new long[] { 7, 5 }, mode: "bicubic"));
    [Fact] public void InterpolateTrilinearAlignCorners() =>
        Parity.Check(fx, "interp_trilinear", 1, x => F.interpolate(x[0], scale_factor: 2, mode: "trilinear", align_corners: true));
    [Fact] public void InterpolateArea() => Parity.Check(fx, "interp_area", 1, x => F.interpolate(x[0], size: new long[] { 3, 2 }, mode: "area"));

    [Fact] public void PixelShuffle() => Parity.Check(fx, "pixel_shuffle", 1, x => F.pixel_shuffle(x[0], 2));
    [Fact] public void PixelUnshuffle() => Parity.Check(fx, "pixel_unshuffle", 1, x => F.pixel_unshuffle(x[0], 2));

    [Fact]
    public void PixelUnshuffleInvertsPixelShuffle()
    {
        using var scope = torch.NewDisposeScope();
        var x = fx.Input("pixel_shuffle", 0);
        TensorAssert.Equal(x, F.pixel_unshuffle(F.pixel_shuffle(x, 2), 2));
    }

    // ---- bad input ----

    [Fact]
    public void PadRejectsUnknownMode()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(1, 2, 3);
        var e = Assert.Throws<ArgumentException>(() => F.pad(x, new long[] { 1, 1 }, mode: "mirror"));
        Assert.Equal("mode", e.ParamName);
        Assert.Contains("pad: mode must be 'constant', 'reflect', 'replicate' or 'circular'; received 'mirror'", e.Message);
    }

    [Fact]
    public void PadRejectsAValueOutsideConstantMode()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(1, 2, 3);
        var e = Assert.Throws<ArgumentException>(() => F.pad(x, new long[] { 1, 1 }, mode: "reflect", value: 1));
        Assert.Equal("value", e.ParamName);
    }

    [Fact]
    public void PadRejectsAnOddPadList()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(2, 3);
        var e = Assert.ThrowsAny<TorchException>(() => F.pad(x, new long[] { 1, 2, 3 }));
        Assert.StartsWith("pad: Padding length must be divisible by 2", e.Message);
        Assert.Contains("float32[2, 3]", e.Message);
    }

    [Fact]
    public void InterpolateRejectsUnknownMode()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(1, 1, 4, 4);
        var e = Assert.Throws<ArgumentException>(() => F.interpolate(x, scale_factor: 2, mode: "cubic"));
        Assert.Equal("mode", e.ParamName);
        Assert.Contains("'cubic'", e.Message);
    }

    [Fact]
    public void InterpolateNeedsExactlyOneOfSizeAndScale()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(1, 1, 4, 4);
        Assert.Contains("exactly one of size and scale_factor", Assert.Throws<ArgumentException>(() => F.interpolate(x)).Message);
        Assert.Contains("exactly one of size and scale_factor",
            Assert.Throws<ArgumentException>(() => F.interpolate(x, size: 8, scale_factor: 2)).Message);
    }

    [Fact]
    public void InterpolateRejectsAlignCornersForNearest()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(1, 1, 4, 4);
        var e = Assert.Throws<ArgumentException>(() => F.interpolate(x, scale_factor: 2, align_corners: true));
        Assert.Equal("align_corners", e.ParamName);
    }

    [Fact]
    public void InterpolateBilinearRejectsA3DInput()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(1, 4, 4);
        var e = Assert.Throws<TorchShapeException>(() => F.interpolate(x, scale_factor: 2, mode: "bilinear"));
        Assert.Equal("interpolate: mode 'bilinear' expects input of rank 4 (batch, channels, spatial...); received shape [1, 4, 4].", e.Message);
    }

    [Fact]
    public void InterpolateRejectsSizeOfTheWrongLength()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(1, 1, 4, 4);
        var e = Assert.Throws<ArgumentException>(() => F.interpolate(x, size: new long[] { 8, 8, 8 }));
        Assert.Contains("input shape [1, 1, 4, 4] has 2 spatial dimension(s) but size has 3 value(s)", e.Message);
    }

    [Fact]
    public void PixelShuffleRejectsIndivisibleChannels()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(1, 6, 2, 2);
        var e = Assert.ThrowsAny<TorchException>(() => F.pixel_shuffle(x, 2));
        Assert.StartsWith("pixel_shuffle:", e.Message);
        Assert.Contains("float32[1, 6, 2, 2]", e.Message);
    }
}
