namespace KerasNet.TorchSupport.Tests.Imaging;

public class ReducedDecodeTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "fixtures", "torch", "images");

    [Theory]
    [InlineData(37, 23, 10, 5, 10, 6)]     // 2/8: the first factor covering both minimums
    [InlineData(37, 23, 1, 1, 5, 3)]       // 1/8
    [InlineData(256, 256, 224, 224, 224, 224)] // 7/8: exactly the target
    [InlineData(37, 23, 37, 23, 37, 23)]   // no reduction possible
    [InlineData(37, 23, 100, 100, 37, 23)] // never enlarged
    public void ReducedSizeIsTheSmallestEighthCoveringTheMinimums(int w, int h, int minW, int minH, int expectedW, int expectedH) =>
        Assert.Equal((expectedW, expectedH), ImageDecoder.ReducedJpegSize(w, h, minW, minH));

    [Fact]
    public void ReducedJpegDecodeHasTheScaledSizeAndTheSameColours()
    {
        var data = File.ReadAllBytes(Path.Combine(Folder, "jpeg_rgb444.jpg"));
        var full = ImageDecoder.Decode(data, ImageReadMode.Rgb);
        var reduced = ImageDecoder.DecodeReduced(data, 18, 10, ImageReadMode.Rgb);
        Assert.Equal((19, 12), (reduced.Width, reduced.Height)); // 4/8 of 37 x 23, rounded up
        for (var c = 0; c < 3; c++)
        {
            double Mean(DecodedImage image) => image.Pixels.Where((_, i) => i % 3 == c).Average(v => v);
            Assert.InRange(Mean(reduced) - Mean(full), -4, 4);
        }
    }

    [Theory]
    [InlineData("jpeg_rgb444.jpg")]
    [InlineData("jpeg_rgb420.jpg")]
    [InlineData("jpeg_progressive.jpg")]
    [InlineData("jpeg_gray.jpg")]
    [InlineData("jpeg_cmyk.jpg")]
    public void EveryEighthDecodesAtLibjpegsSize(string file)
    {
        // 37 x 23 by n/8 is ceil(37 n / 8) x ceil(23 n / 8): each size asked for is covered first by its own n.
        var data = File.ReadAllBytes(Path.Combine(Folder, file));
        var full = ImageDecoder.Decode(data);
        for (var n = 1; n <= 8; n++)
        {
            int w = (37 * n + 7) / 8, h = (23 * n + 7) / 8;
            var reduced = ImageDecoder.DecodeReduced(data, w, h);
            Assert.Equal((w, h, full.Channels), (reduced.Width, reduced.Height, reduced.Channels));
            if (n == 8) Assert.Equal(full.Pixels, reduced.Pixels);
        }
    }

    [Fact]
    public void ReducedDecodeOfARotatedJpegCoversTheUprightMinimums()
    {
        // Stored 37 x 23 with orientation 6 (upright 23 x 37): 10 x 18 upright is 18 x 10 stored, first covered by 4/8.
        var data = File.ReadAllBytes(Path.Combine(Folder, "jpeg_exif6.jpg"));
        var upright = ImageDecoder.DecodeReduced(data, 10, 18);
        Assert.Equal((12, 19), (upright.Width, upright.Height));
        // Ignoring the orientation, 10 x 18 applies to the stored image: 6/8 (28 x 18).
        var stored = ImageDecoder.DecodeReduced(data, 10, 18, applyExifOrientation: false);
        Assert.Equal((28, 18), (stored.Width, stored.Height));
    }

    [Fact]
    public void ReducedDecodeOfAPngIsTheFullDecodeAndErrorsNameTheFile()
    {
        var png = Path.Combine(Folder, "png_rgb8.png");
        var full = ImageDecoder.DecodeFile(png, ImageReadMode.Rgb);
        var reduced = ImageDecoder.DecodeFileReduced(png, 2, 2, ImageReadMode.Rgb);
        Assert.Equal(full.Pixels, reduced.Pixels);
        var missing = Path.Combine(Folder, "missing.jpg");
        Assert.StartsWith(missing + ": ", Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeFileReduced(missing, 2, 2)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageDecoder.DecodeReduced(new byte[4], 0, 2));
    }
}
