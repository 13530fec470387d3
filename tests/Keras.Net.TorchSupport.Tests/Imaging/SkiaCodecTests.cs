using System.Buffers.Binary;

namespace KerasNet.TorchSupport.Tests.Imaging;

/// <summary>
/// What the SKCodec-based JPEG and PNG decoding adds to the fixture comparisons: PIL's conventions where Skia could
/// differ (CMYK without an Adobe marker, PNG colour chunks), the pixel limit checked from the headers before the
/// codec runs, and the messages for damage the codec reports in other ways.
/// </summary>
public class SkiaCodecTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "fixtures", "torch", "images");

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(Folder, name));

    /// <summary>The offset of the first marker <c>FF <paramref name="marker"/></c> up to the first scan header (SOS, FF DA).</summary>
    private static int SegmentOffset(byte[] jpeg, byte marker)
    {
        for (var position = 2; position + 4 <= jpeg.Length;)
        {
            if (jpeg[position + 1] == marker) return position;
            if (jpeg[position + 1] == 0xDA) break;
            position += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(position + 2));
        }
        throw new InvalidOperationException($"The fixture has no FF {marker:X2} marker up to its first scan.");
    }

    [Fact]
    public void CmykJpegWithoutAnAdobeMarkerIsStillReadAsInvertedCmykAsPil()
    {
        // PIL decodes every 4-component JPEG with rawmode "CMYK;I" (Adobe's inverted convention), with or without the
        // APP14 "Adobe" segment; so does Skia. Without the segment the pixels are therefore the same.
        var jpeg = Fixture("jpeg_cmyk.jpg");
        var adobe = SegmentOffset(jpeg, 0xEE);
        var length = 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(adobe + 2));
        Assert.Equal("Adobe"u8.ToArray(), jpeg[(adobe + 4)..(adobe + 9)]);
        var stripped = jpeg[..adobe].Concat(jpeg[(adobe + length)..]).ToArray();
        var withMarker = ImageDecoder.Decode(jpeg);
        var withoutMarker = ImageDecoder.Decode(stripped);
        Assert.Equal(3, withoutMarker.Channels);
        Assert.Equal(withMarker.Pixels, withoutMarker.Pixels);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Folder, "jpeg_cmyk.jpg.rgb.raw")), withoutMarker.Pixels);
    }

    [Fact]
    public void PngColourChunksDoNotChangeThePixels()
    {
        // gAMA 1.0 and made-up chromaticities: a colour-managed decode would change every pixel; PIL ignores both.
        var png = Fixture("png_rgb8.png");
        var gamma = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(gamma, 100_000);
        var chromaticities = new byte[32];
        int[] points = { 15635, 16450, 32000, 16500, 15000, 30000, 7500, 3000 };
        for (var i = 0; i < points.Length; i++) BinaryPrimitives.WriteInt32BigEndian(chromaticities.AsSpan(4 * i), points[i]);
        var managed = png[..33].Concat(Chunk("gAMA", gamma)).Concat(Chunk("cHRM", chromaticities)).Concat(png[33..]).ToArray();
        Assert.Equal(ImageDecoder.Decode(png).Pixels, ImageDecoder.Decode(managed).Pixels);
    }

    [Fact]
    public void JpegAboveThePixelLimitIsRefusedFromItsFrameHeader()
    {
        var jpeg = Fixture("jpeg_rgb420.jpg");
        var frame = SegmentOffset(jpeg, 0xC0);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(frame + 5), 60_000); // height
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(frame + 7), 60_000); // width
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(jpeg, sourceName: "bomb.jpg"));
        Assert.Equal("bomb.jpg: the image is 60000 x 60000 = 3600000000 pixels, more than the limit of 178956970 " +
                     "(a guard against decompression bombs). If the image is trusted, raise ImageDecoder.MaxPixels.", error.Message);
    }

    [Fact]
    public void TruncatedProgressiveJpegSaysItIsProbablyCutShort()
    {
        // libjpeg reads every scan of a progressive JPEG before its first row, so Skia reports InvalidInput, not IncompleteInput.
        var jpeg = Fixture("jpeg_progressive.jpg");
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(jpeg.AsSpan(0, jpeg.Length * 2 / 3), sourceName: "cut.jpg"));
        Assert.Equal("cut.jpg: truncated or corrupt JPEG: the decoder stopped (SKCodec: InvalidInput: the data is not a valid image stream) " +
                     "and the data does not end with the end-of-image marker (EOI), so the file is probably cut short.", error.Message);
    }

    [Fact]
    public void JpegEndingBeforeItsFirstScanHoldsNoImage()
    {
        var jpeg = Fixture("jpeg_rgb444.jpg");
        var scan = SegmentOffset(jpeg, 0xDA);
        var headersOnly = jpeg[..scan].Concat(new byte[] { 0xFF, 0xD9 }).ToArray();
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(headersOnly, sourceName: "tables.jpg"));
        Assert.Equal("tables.jpg: corrupt JPEG: its end-of-image marker (EOI) comes before any image data.", error.Message);
    }

    [Fact]
    public void DamagedPngImageDataIsCorrupt()
    {
        var png = Fixture("png_rgb8.png");
        png[^20] ^= 0x01; // inside the compressed data of the last IDAT (its CRC and IEND follow)
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(png, sourceName: "damaged.png"));
        Assert.Equal("damaged.png: corrupt PNG: the compressed image data is damaged (SKCodec: ErrorInInput).", error.Message);
    }

    [Fact]
    public void PngWhoseHeaderIsCutShortOrNotIhdrIsReported()
    {
        var png = Fixture("png_gray8.png");
        var short_ = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(png.AsSpan(0, 20), sourceName: "short.png"));
        Assert.Equal("short.png: truncated PNG: 20 bytes cannot hold the signature and the IHDR chunk (33 bytes).", short_.Message);
        var renamed = (byte[])png.Clone();
        "IHDX"u8.CopyTo(renamed.AsSpan(12));
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(renamed, sourceName: "first.png"));
        Assert.Equal("first.png: corrupt PNG: the first chunk is 0x49 0x48 0x44 0x58 of 13 bytes; expected IHDR of 13 bytes.", error.Message);
    }

    private static byte[] Chunk(string type, byte[] payload)
    {
        var chunk = new byte[12 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, payload.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        payload.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + payload.Length), PngHeader.Crc32(chunk.AsSpan(4, 4 + payload.Length)));
        return chunk;
    }
}
