using KerasNet.Data;
using KerasNet.Data.Transforms;
using KerasNet.TestSupport;
using Xunit;

namespace KerasNet.Tests.Data;

/// <summary>
/// The deterministic transforms against torchvision 0.14.1's transforms.functional on tensors
/// (tests/fixtures/cases/transforms.py).
/// </summary>
public class TransformParityTests : IClassFixture<TransformParityTests.Fixtures>
{
    public sealed class Fixtures : IDisposable
    {
        public Fixture Transforms { get; } = Fixture.Load("transforms");
        public void Dispose() => Transforms.Dispose();
    }

    private readonly Fixture fx;
    private static readonly Random Unused = new(0);

    public TransformParityTests(Fixtures fixtures) => fx = fixtures.Transforms;

    private Tensor U8 => fx["img_u8"];
    private Tensor F32 => fx["img_f"];

    public static IEnumerable<object[]> Cases() => new[]
    {
        "resize_short_bilinear_u8", "resize_short_bilinear_f32", "resize_exact_bilinear_f32", "resize_up_bilinear_f32",
        "resize_short_nearest_u8", "resize_antialias_f32", "resize_max_size_f32", "center_crop_u8", "center_crop_odd_f32",
        "center_crop_pad_u8", "normalize_f32", "to_float_u8",
    }.Select(c => new object[] { c });

    private (ITransform Transform, Tensor Input) Make(string @case) => @case switch
    {
        "resize_short_bilinear_u8" => (new Resize(24), U8),
        "resize_short_bilinear_f32" => (new Resize(24), F32),
        "resize_exact_bilinear_f32" => (new Resize(20, 45), F32),
        "resize_up_bilinear_f32" => (new Resize(60, 80), F32),
        "resize_short_nearest_u8" => (new Resize(30, "nearest"), U8),
        "resize_antialias_f32" => (new Resize(18, 25, antialias: true), F32),
        "resize_max_size_f32" => (new Resize(30, maxSize: 36), F32),
        "center_crop_u8" => (new CenterCropTransform(21, 30), U8),
        "center_crop_odd_f32" => (new CenterCropTransform(20, 27), F32),
        "center_crop_pad_u8" => (new CenterCropTransform(40, 55), U8),
        "normalize_f32" => (Normalize.ImageNet(), F32),
        "to_float_u8" => (new ToFloat(), U8),
        _ => throw new ArgumentException(@case),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void DeterministicTransformMatchesTorchvision(string @case)
    {
        using var scope = torch.NewDisposeScope();
        var (transform, input) = Make(@case);
        var actual = transform.Apply(input, Unused);
        var expected = fx[$"{@case}.out"];
        Assert.Equal(expected.dtype, actual.dtype);
        if (actual.dtype == ScalarType.Byte) TensorAssert.Equal(expected, actual, @case);
        else TensorAssert.Close(expected, actual, what: @case);
    }

    /// <summary>Always returns the same draw, so that a random transform's factor is known.</summary>
    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
        public override int Next(int maxValue) => 0;
        public override int Next(int minValue, int maxValue) => minValue;
    }

    [Theory]
    [InlineData("brightness_f32", 0.5, 0, 0, 0, 0.8)]   // factor 0.5 + 0.8 · 1.0 = 1.3
    [InlineData("brightness_u8", 0.5, 0, 0, 0, 0.2)]    // 0.7
    [InlineData("contrast_f32", 0, 0.5, 0, 0, 0.1)]     // 0.6
    [InlineData("saturation_f32", 0, 0, 0.5, 0, 0.9)]   // 1.4
    [InlineData("hue_f32", 0, 0, 0, 0.25, 0.9)]         // -0.25 + 0.9 · 0.5 = 0.2
    public void ColorJitterWithAKnownFactorMatchesTorchvisionAdjust(string @case, double b, double c, double s, double h, double draw)
    {
        using var scope = torch.NewDisposeScope();
        var input = @case.EndsWith("u8", StringComparison.Ordinal) ? U8 : F32;
        var actual = new ColorJitter(b, c, s, h).Apply(input, new FixedRandom(draw));
        var expected = fx[$"{@case}.out"];
        if (actual.dtype == ScalarType.Byte) TensorAssert.Equal(expected, actual, @case);
        else TensorAssert.Close(expected, actual, rtol: 1e-5, atol: 2e-6, what: @case);
    }

    [Theory]
    [InlineData("grid_sample_bilinear_zeros", "bilinear", "zeros")]
    [InlineData("grid_sample_nearest_reflection", "nearest", "reflection")]
    [InlineData("grid_sample_bilinear_border", "bilinear", "border")]
    public void AffineGridAndGridSampleMatchPyTorch(string @case, string mode, string padding)
    {
        using var scope = torch.NewDisposeScope();
        var grid = torch.nn.functional.affine_grid(fx["theta"], new long[] { 2, 3, 9, 11 });
        TensorAssert.Close(fx["affine_grid.out"], grid, what: "affine_grid");
        var batch = torch.stack(new[] { F32, F32.flip(-1) });
        TensorAssert.Close(fx[$"{@case}.out"], torch.nn.functional.grid_sample(batch, grid, TorchModes.GridSample(mode), Enum.Parse<torch.GridSamplePaddingMode>(padding, ignoreCase: true), align_corners: false), what: @case);
    }

    [Fact]
    public void FusedResizeCropNormalizeMatchesTheTorchvisionPipelineInFloat()
    {
        using var scope = torch.NewDisposeScope();
        var hwc = U8.permute(1, 2, 0).contiguous();
        var image = new DecodedImage(50, 37, 3, hwc.data<byte>().ToArray());
        var fused = new FusedImageTransform(new Resize(24), 24, 24, 1.0 / 255, Normalize.ImageNetMean, Normalize.ImageNetStd);
        var batch = torch.zeros(2, 3, 24, 24);
        fused.WriteInto(image, batch, 1);
        // Float32 sums in another order than libtorch's kernel: errors of a few ulps of values up to ~2.6.
        TensorAssert.Close(fx["pipeline.out"], batch.select(0, 1), rtol: 1e-5, atol: 1e-5, what: "fused pipeline");
        TensorAssert.Equal(torch.zeros(3, 24, 24), batch.select(0, 0), "untouched row");
    }
}
