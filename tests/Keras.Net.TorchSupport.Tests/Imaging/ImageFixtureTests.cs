using System.Text.Json;
using static TorchSharp.torch;

namespace KerasNet.TorchSupport.Tests.Imaging;

/// <summary>
/// Decoded pixels against PIL's decode of the same files (tests/fixtures/generate_image_fixtures.py, Debian's
/// python3-pil): exact for PNG, BMP and GIF, within the manifest's +-1 for JPEG (same libjpeg settings: accurate DCT,
/// fancy upsampling; the +-1 allows another libjpeg build), for every read mode. Measured with SkiaSharp 2.88.9's
/// SKCodec: no difference at all for any JPEG or PNG fixture in any mode, which <see cref="JpegDecodeIsBitExactWithPil"/> pins.
/// </summary>
public class ImageFixtureTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "fixtures", "torch", "images");

    public sealed record Case(string File, string Mode, int Height, int Width, int Channels, string Expected, int Tolerance, string Note)
    {
        public override string ToString() => $"{File} {Mode}";
    }

    public static IEnumerable<object[]> Cases()
    {
        var json = File.ReadAllText(Path.Combine(Folder, "manifest.json"));
        var cases = JsonSerializer.Deserialize<Case[]>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        return cases.Select(c => new object[] { c });
    }

    private static ImageReadMode Mode(string mode) => mode switch
    {
        "unchanged" => ImageReadMode.Unchanged,
        "gray" => ImageReadMode.Gray,
        "gray_alpha" => ImageReadMode.GrayAlpha,
        "rgb" => ImageReadMode.Rgb,
        "rgba" => ImageReadMode.RgbAlpha,
        _ => throw new ArgumentException(mode),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void DecodeMatchesPil(Case c)
    {
        var image = ImageDecoder.DecodeFile(Path.Combine(Folder, c.File), Mode(c.Mode));
        Assert.Equal((c.Width, c.Height, c.Channels), (image.Width, image.Height, image.Channels));
        var expected = File.ReadAllBytes(Path.Combine(Folder, c.Expected));
        Assert.Equal(expected.Length, image.Pixels.Length);
        var worst = 0;
        var at = -1;
        for (var i = 0; i < expected.Length; i++)
        {
            var difference = Math.Abs(expected[i] - image.Pixels[i]);
            if (difference > worst) { worst = difference; at = i; }
        }
        Assert.True(worst <= c.Tolerance,
            $"{c.File} ({c.Mode}): largest difference {worst} at byte {at} (pixel {at / c.Channels}, channel {at % c.Channels}); allowed {c.Tolerance}. {c.Note}");
    }

    /// <summary>
    /// Stricter than the manifest's +-1: SkiaSharp 2.88.9 bundles a libjpeg-turbo that decodes every JPEG fixture
    /// exactly as PIL's libjpeg-turbo does (measured maximum difference 0). A change of decoder settings (DCT method,
    /// upsampling) or of the SkiaSharp version that moves any pixel shows here first.
    /// </summary>
    [Fact]
    public void JpegDecodeIsBitExactWithPil()
    {
        var jpegCases = Cases().Select(c => (Case)c[0]).Where(c => c.File.EndsWith(".jpg", StringComparison.Ordinal)).ToList();
        Assert.Equal(69, jpegCases.Count);
        foreach (var c in jpegCases)
        {
            var image = ImageDecoder.DecodeFile(Path.Combine(Folder, c.File), Mode(c.Mode));
            Assert.True(File.ReadAllBytes(Path.Combine(Folder, c.Expected)).SequenceEqual(image.Pixels), $"{c.File} ({c.Mode}) differs from PIL's pixels");
        }
    }

    [Fact]
    public void TensorIsChannelsFirstLikeTorchvision()
    {
        var path = Path.Combine(Folder, "png_rgba8.png");
        var image = ImageDecoder.DecodeFile(path);
        using var chw = image.ToTensor();
        using var hwc = image.ToTensor(channelsFirst: false);
        Assert.Equal(new long[] { 4, 23, 37 }, chw.shape);
        Assert.Equal(ScalarType.Byte, chw.dtype);
        Assert.Equal(new long[] { 23, 37, 4 }, hwc.shape);
        Assert.Equal(ScalarType.Byte, hwc.dtype);
        var planar = chw.data<byte>().ToArray();
        var interleaved = hwc.data<byte>().ToArray();
        Assert.Equal(image.Pixels, interleaved);
        // (channel c, row y, column x) of CHW == (y, x, c) of HWC.
        foreach (var (c, y, x) in new[] { (0, 0, 0), (3, 22, 36), (1, 10, 5), (2, 7, 30) })
            Assert.Equal(interleaved[(y * 37 + x) * 4 + c], planar[(c * 23 + y) * 37 + x]);

        using var gray = ImageDecoder.Decode(File.ReadAllBytes(path), ImageReadMode.Gray).ToTensor();
        Assert.Equal(new long[] { 1, 23, 37 }, gray.shape);
    }

    [Fact]
    public void ExifOrientationCanBeIgnored()
    {
        var path = Path.Combine(Folder, "jpeg_exif6.jpg");
        var upright = ImageDecoder.DecodeFile(path);
        var stored = ImageDecoder.DecodeFile(path, applyExifOrientation: false);
        Assert.Equal((23, 37), (upright.Width, upright.Height)); // rotated: 37 x 23 stored
        Assert.Equal((37, 23), (stored.Width, stored.Height));
        // Orientation 6: displayed pixel (row y, column x) is stored pixel (row h - 1 - x, column y).
        for (var y = 0; y < 37; y += 5)
            for (var x = 0; x < 23; x += 3)
                for (var ch = 0; ch < 3; ch++)
                    Assert.Equal(stored.Pixels[((22 - x) * 37 + y) * 3 + ch], upright.Pixels[(y * 23 + x) * 3 + ch]);
    }

    [Fact]
    public void FormatIsDetectedFromTheFirstBytes()
    {
        Assert.Equal(ImageFormat.Jpeg, ImageDecoder.DetectFormat(File.ReadAllBytes(Path.Combine(Folder, "jpeg_gray.jpg"))));
        Assert.Equal(ImageFormat.Png, ImageDecoder.DetectFormat(File.ReadAllBytes(Path.Combine(Folder, "png_gray8.png"))));
        Assert.Equal(ImageFormat.Bmp, ImageDecoder.DetectFormat(File.ReadAllBytes(Path.Combine(Folder, "bmp_rgb24.bmp"))));
        Assert.Equal(ImageFormat.Gif, ImageDecoder.DetectFormat(File.ReadAllBytes(Path.Combine(Folder, "gif_basic.gif"))));
        Assert.Equal(ImageFormat.Unknown, ImageDecoder.DetectFormat("hello"u8));
    }
}
