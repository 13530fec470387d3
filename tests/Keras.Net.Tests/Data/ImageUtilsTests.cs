namespace KerasNet.Tests.Data;

/// <summary>LoadImg, ImgToArray, ArrayToImg and SaveImg: Keras's layouts, scaling and resizing rules.</summary>
public class ImageUtilsTests
{
    // 3 x 4 RGB image, channels-last: pixel (r, c) = (10r + c, 100 + c, 200 - r).
    private static Tensor Hwc()
    {
        var values = new float[3 * 4 * 3];
        for (var r = 0; r < 3; r++)
            for (var c = 0; c < 4; c++)
            {
                var i = (r * 4 + c) * 3;
                (values[i], values[i + 1], values[i + 2]) = (10 * r + c, 100 + c, 200 - r);
            }
        return torch.tensor(values, new long[] { 3, 4, 3 });
    }

    [Fact]
    public void PngRoundTripsExactlyInBothLayouts()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("img.png");
        Utils.SaveImg(path, Hwc(), dataFormat: "channels_last", scale: false);
        var image = Utils.LoadImg(path);
        Assert.Equal((4, 3, 3), (image.Width, image.Height, image.Channels));
        var last = Utils.ImgToArray(image, "channels_last");
        Assert.Equal(ScalarType.Float32, last.dtype);
        Assert.Equal(Hwc().data<float>().ToArray(), last.data<float>().ToArray());
        var first = Utils.ImgToArray(image, "channels_first");
        Assert.Equal(new long[] { 3, 3, 4 }, first.shape);
        Assert.Equal(Hwc().permute(2, 0, 1).contiguous().data<float>().ToArray(), first.data<float>().ToArray());
        // The global default is channels-first.
        Assert.Equal(new long[] { 3, 3, 4 }, Utils.ImgToArray(image).shape);
    }

    [Fact]
    public void ArrayToImgScalesMinToZeroAndMaxTo255AndTruncates()
    {
        var x = torch.tensor(new float[] { -1f, 0f, 1f, 0.99f }, new long[] { 1, 2, 2 });
        var image = Utils.ArrayToImg(x, "channels_first");
        // (x + 1) / 2 * 255 = 0, 127.5, 255, 253.725 → truncated like astype("uint8")
        Assert.Equal(new byte[] { 0, 127, 255, 253 }, image.Pixels);
        Assert.Equal(1, image.Channels);
        var unscaled = Utils.ArrayToImg(torch.tensor(new float[] { 3.7f, 300f, -5f, 12f }, new long[] { 2, 2, 1 }), "channels_last", scale: false);
        Assert.Equal(new byte[] { 3, 255, 0, 12 }, unscaled.Pixels);
        var constant = Utils.ArrayToImg(torch.full(new long[] { 1, 2, 2 }, 5f), "channels_first");
        Assert.Equal(new byte[] { 0, 0, 0, 0 }, constant.Pixels);
    }

    [Fact]
    public void LoadImgResizesWithPilNearestAndConvertsColour()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("img.png");
        Utils.SaveImg(path, Hwc(), dataFormat: "channels_last", scale: false);
        // PIL's nearest takes source index floor((i + 0.5) * in / out): rows 3 → 2 take 0 and 2, columns 4 → 2 take 1 and 3.
        var small = Utils.ImgToArray(Utils.LoadImg(path, targetSize: (2, 2)), "channels_last");
        var expected = Hwc().index_select(0, torch.tensor(new long[] { 0, 2 })).index_select(1, torch.tensor(new long[] { 1, 3 }));
        Assert.Equal(expected.contiguous().data<float>().ToArray(), small.data<float>().ToArray());
        var gray = Utils.LoadImg(path, colorMode: "grayscale");
        Assert.Equal(1, gray.Channels);
        // PIL's luminance of (0, 100, 200): (0 * 19595 + 100 * 38470 + 200 * 7471 + 32768) >> 16 = 82
        Assert.Equal(82, gray.Pixels[0]);
        Assert.Equal(4, Utils.LoadImg(path, colorMode: "rgba").Channels);
        Assert.Equal(255, Utils.LoadImg(path, colorMode: "rgba").Pixels[3]);
    }

    [Fact]
    public void KeepAspectRatioCropsTheCentreBeforeResizing()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("wide.png");
        var wide = torch.arange(6, dtype: ScalarType.Float32).reshape(1, 1, 6).expand(1, 2, 6).contiguous(); // 2 x 6, columns 0..5
        Utils.SaveImg(path, wide, dataFormat: "channels_first", scale: false);
        // Target 2 x 2: crop width = 2 * 2 / 2 = 2, centred at columns 2..3, then no resize needed.
        var cropped = Utils.ImgToArray(Utils.LoadImg(path, colorMode: "grayscale", targetSize: (2, 2), keepAspectRatio: true), "channels_last");
        Assert.Equal(new float[] { 2, 3, 2, 3 }, cropped.data<float>().ToArray());
        var bilinear = Utils.LoadImg(path, colorMode: "grayscale", targetSize: (2, 3), interpolation: "bilinear");
        Assert.Equal((3, 2), (bilinear.Width, bilinear.Height));
    }

    [Fact]
    public void JpegIsWrittenAndDecodesCloseToTheOriginal()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("img.jpg");
        var flat = torch.full(new long[] { 3, 16, 16 }, 120f);
        Utils.SaveImg(path, torch.cat(new[] { flat, torch.full(new long[] { 1, 16, 16 }, 255f) }, 0), dataFormat: "channels_first", scale: false, quality: 95);
        var image = Utils.LoadImg(path);
        Assert.Equal(3, image.Channels);
        Assert.All(image.Pixels, p => Assert.InRange(p, 118, 122));
    }

    [Fact]
    public void BadInputIsTyped()
    {
        using var temp = new TempDirectory();
        Assert.Throws<FileNotFoundException>(() => Utils.LoadImg(temp.Combine("missing.png")));
        File.WriteAllText(temp.Combine("bad.png"), "not an image");
        Assert.Throws<ImageDecodeException>(() => Utils.LoadImg(temp.Combine("bad.png")));
        Assert.Equal("colorMode", Assert.Throws<ArgumentException>(() => Utils.LoadImg(temp.Combine("bad.png"), colorMode: "cmyk")).ParamName);
        Assert.Equal("interpolation", Assert.Throws<ArgumentException>(() => Utils.LoadImg(temp.Combine("bad.png"), interpolation: "lanczos")).ParamName);
        Assert.Equal("targetSize", Assert.Throws<ArgumentOutOfRangeException>(() => Utils.LoadImg(temp.Combine("bad.png"), targetSize: (0, 3))).ParamName);
        Assert.Contains("rank-3", Assert.Throws<ArgumentException>(() => Utils.ArrayToImg(torch.zeros(4, 4))).Message);
        Assert.Contains("other dataFormat", Assert.Throws<ArgumentException>(() => Utils.ArrayToImg(torch.zeros(2, 4, 4))).Message);
        Assert.Equal("dataFormat", Assert.Throws<ArgumentException>(() => Utils.ArrayToImg(torch.zeros(3, 4, 4), "nchw")).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => Utils.SaveImg(temp.Combine("x.gif"), torch.zeros(3, 4, 4))).ParamName);
        Assert.Throws<ArgumentException>(() => ImageEncoder.Encode(new DecodedImage(1, 1, 2, new byte[2]), ImageFormat.Png));
    }
}
