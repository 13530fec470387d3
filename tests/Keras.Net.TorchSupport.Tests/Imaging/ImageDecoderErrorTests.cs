using System.Buffers.Binary;

namespace KerasNet.TorchSupport.Tests.Imaging;

/// <summary>Bad input: each failure is an <see cref="ImageDecodeException"/> naming the file, never a crash.</summary>
public class ImageDecoderErrorTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "fixtures", "torch", "images");

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(Folder, name));

    /// <summary>Writes <paramref name="bytes"/> to a temporary file and asserts decoding it fails; returns the exception.</summary>
    private static ImageDecodeException DecodeFails(byte[] bytes, string name, out string path)
    {
        var folder = Path.Combine(Path.GetTempPath(), "kerasnet-image-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        try
        {
            var p = path;
            var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeFile(p));
            Assert.Equal(path, error.SourceName);
            Assert.StartsWith(path + ": ", error.Message);
            Assert.Equal("decode_image", error.Op);
            return error;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void TruncatedJpegNamesTheFile()
    {
        var jpeg = Fixture("jpeg_rgb420.jpg");
        var error = DecodeFails(jpeg[..(jpeg.Length * 3 / 4)], "photo.jpg", out var path); // cut inside the image data
        Assert.Equal(ImageFormat.Jpeg, error.Format);
        Assert.Equal($"{path}: truncated JPEG: the data ends before the image is complete (SKCodec: IncompleteInput).", error.Message);
    }

    [Fact]
    public void JpegWithoutItsEndMarkerIsTruncatedAndTheNextDecodeStillWorks()
    {
        var jpeg = Fixture("jpeg_rgb444.jpg");
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(jpeg.AsSpan(0, jpeg.Length - 2), sourceName: "no-eoi.jpg"));
        Assert.Equal("no-eoi.jpg: truncated JPEG: the data ends before the image is complete (SKCodec: IncompleteInput).", error.Message);
        // The decoder's state is reset after a failure: the same thread decodes a good image next.
        var image = ImageDecoder.Decode(jpeg);
        Assert.Equal((37, 23, 3), (image.Width, image.Height, image.Channels));
    }

    [Fact]
    public void JpegCutInsideItsHeaderIsCorrupt()
    {
        var jpeg = Fixture("jpeg_rgb420.jpg");
        var error = DecodeFails(jpeg[..40], "header.jpg", out var path);
        Assert.Equal($"{path}: corrupt or truncated JPEG: the data ends before the frame header (SOF), so it holds no image.", error.Message);
        error = DecodeFails(jpeg[..(jpeg.Length / 2)], "tables.jpg", out path); // frame header present, scan header cut
        Assert.Equal($"{path}: corrupt or truncated JPEG: the data ends before the scan header (SOS), so it holds no image data.", error.Message);
    }

    [Fact]
    public void TruncatedPngNamesTheFileAndTheReason()
    {
        var png = Fixture("png_rgb8.png");
        var error = DecodeFails(png[..(png.Length - 30)], "image.png", out var path);
        Assert.Equal(ImageFormat.Png, error.Format);
        Assert.Equal($"{path}: truncated PNG: the data ends before the image is complete (SKCodec: IncompleteInput).", error.Message);
    }

    [Fact]
    public void PngWithABadChecksumIsCorrupt()
    {
        var png = Fixture("png_gray8.png");
        png[20] ^= 0xFF; // inside IHDR's data: its CRC no longer matches
        var error = DecodeFails(png, "crc.png", out var path);
        Assert.Equal($"{path}: corrupt PNG: the IHDR chunk fails its CRC check (the header is damaged).", error.Message);
    }

    [Fact]
    public void UnknownFormatEmptyAndMissingFiles()
    {
        var error = DecodeFails("%PDF-1.7 not an image"u8.ToArray(), "doc.pdf", out var path);
        Assert.Equal(ImageFormat.Unknown, error.Format);
        Assert.Equal($"{path}: not a JPEG, PNG, BMP or GIF image: it starts with bytes 0x25 0x50 0x44 0x46 0x2D 0x31 0x2E 0x37.", error.Message);

        error = DecodeFails(Array.Empty<byte>(), "empty.png", out path);
        Assert.Equal($"{path}: the image is empty (0 bytes).", error.Message);

        var missing = Path.Combine(Path.GetTempPath(), "kerasnet-no-such-image.png");
        var notFound = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeFile(missing));
        Assert.Equal($"{missing}: the file does not exist.", notFound.Message);
    }

    [Fact]
    public void DecodingFromMemoryDescribesTheSource()
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(new byte[] { 0x42, 0x4D, 1, 2 }));
        Assert.Equal("image data (4 bytes): truncated BMP: 4 bytes cannot hold the file and image headers.", error.Message);
    }

    [Fact]
    public void BmpVariantsThatAreNotSupportedSaySo()
    {
        var bmp = Fixture("bmp_palette8.bmp");
        var rle = (byte[])bmp.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(rle.AsSpan(30), 1); // compression = BI_RLE8
        Assert.EndsWith("RLE-compressed BMP is not supported; save the image uncompressed (or as PNG).", DecodeFails(rle, "rle.bmp", out _).Message);

        var depth = (byte[])bmp.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(depth.AsSpan(28), 7);
        Assert.EndsWith("unsupported BMP bit depth 7; expected 1, 4, 8, 16, 24 or 32.", DecodeFails(depth, "depth.bmp", out _).Message);

        var rgb = Fixture("bmp_rgb24.bmp");
        var error = DecodeFails(rgb[..(rgb.Length - 100)], "short.bmp", out _);
        Assert.Contains("truncated BMP: 37 x 23 pixels at 24 bits need 2576 bytes from offset 54, but the file holds 2476.", error.Message);
    }

    [Fact]
    public void GifWithoutImageOrCutShortIsReported()
    {
        var gif = Fixture("gif_basic.gif");
        Assert.Contains("truncated GIF: the file ends inside the image data.", DecodeFails(gif[..(gif.Length - 40)], "cut.gif", out _).Message);
        var header = gif[..13].Concat(new byte[] { 0x3B }).ToArray(); // screen descriptor without a colour table, then the trailer
        header[10] = 0;
        Assert.EndsWith("the GIF holds no image (its trailer comes before any image descriptor).", DecodeFails(header, "empty.gif", out _).Message);
    }

    [Fact]
    public void ImagesAboveThePixelLimitAreRefusedBeforeAllocating()
    {
        var png = Fixture("png_rgb8.png");
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(png, ImageReadMode.Unchanged, true, "big.png", pixelLimit: 500));
        Assert.Equal("big.png: the image is 37 x 23 = 851 pixels, more than the limit of 500 (a guard against decompression bombs). " +
                     "If the image is trusted, raise ImageDecoder.MaxPixels.", error.Message);
        // A PNG header claiming 100000 x 100000 pixels: refused at the default limit without allocating.
        var bomb = (byte[])png.Clone();
        BinaryPrimitives.WriteInt32BigEndian(bomb.AsSpan(16), 100_000);
        BinaryPrimitives.WriteInt32BigEndian(bomb.AsSpan(20), 100_000);
        var crc = Crc32(bomb.AsSpan(12, 17)); // chunk type and data
        BinaryPrimitives.WriteUInt32BigEndian(bomb.AsSpan(29), crc);
        Assert.Contains("the image is 100000 x 100000 = 10000000000 pixels, more than the limit", DecodeFails(bomb, "bomb.png", out _).Message);
    }

    /// <summary>PNG's CRC-32 (ISO 3309, polynomial 0xEDB88320).</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    public static IEnumerable<object[]> FuzzSeeds() => new[]
    {
        new object[] { "jpeg_rgb420.jpg", 11 }, new object[] { "jpeg_progressive.jpg", 12 }, new object[] { "jpeg_exif6.jpg", 13 },
        new object[] { "png_rgba8.png", 21 }, new object[] { "png_palette_trns.png", 22 }, new object[] { "png_interlaced.png", 23 },
        new object[] { "bmp_palette4.bmp", 31 }, new object[] { "bmp_rgb565.bmp", 32 }, new object[] { "bmp_v5_alpha.bmp", 33 },
        new object[] { "gif_interlaced.gif", 41 }, new object[] { "gif_transparent.gif", 42 },
    };

    [Theory]
    [MemberData(nameof(FuzzSeeds))]
    public void FuzzedImagesRaiseOnlyImageDecodeException(string fixture, int seed)
    {
        var valid = Fixture(fixture);
        var random = new Random(seed);
        for (var iteration = 0; iteration < 300; iteration++)
        {
            var bytes = (byte[])valid.Clone();
            switch (iteration % 3)
            {
                case 0: // a few random bytes anywhere, headers included
                    for (var m = random.Next(1, 6); m > 0; m--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    break;
                case 1: // bytes of the header region
                    for (var m = random.Next(1, 4); m > 0; m--) bytes[random.Next(Math.Min(bytes.Length, 64))] = (byte)random.Next(256);
                    break;
                default: // truncated, maybe mutated
                    bytes = bytes[..random.Next(bytes.Length)];
                    if (bytes.Length > 0 && random.Next(2) == 0) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    break;
            }
            foreach (var mode in new[] { ImageReadMode.Unchanged, ImageReadMode.RgbAlpha })
            {
                try
                {
                    var image = ImageDecoder.Decode(bytes, mode, true, "fuzz", pixelLimit: 1 << 20);
                    Assert.Equal((long)image.Width * image.Height * image.Channels, image.Pixels.LongLength);
                }
                catch (ImageDecodeException e)
                {
                    Assert.Equal("fuzz", e.SourceName);
                    Assert.StartsWith("fuzz: ", e.Message);
                }
            }
        }
    }

    [Fact]
    public void RandomBytesBehindEachSignatureRaiseOnlyImageDecodeException()
    {
        var random = new Random(7);
        var signatures = new[]
        {
            new byte[] { 0xFF, 0xD8, 0xFF }, new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "BM"u8.ToArray(), "GIF89a"u8.ToArray(),
        };
        for (var iteration = 0; iteration < 400; iteration++)
        {
            var signature = signatures[iteration % signatures.Length];
            var bytes = new byte[signature.Length + random.Next(0, 200)];
            random.NextBytes(bytes);
            signature.CopyTo(bytes, 0);
            try
            {
                ImageDecoder.Decode(bytes, ImageReadMode.Rgb, true, "random", pixelLimit: 1 << 20);
            }
            catch (ImageDecodeException e)
            {
                Assert.StartsWith("random: ", e.Message);
            }
        }
    }
}
