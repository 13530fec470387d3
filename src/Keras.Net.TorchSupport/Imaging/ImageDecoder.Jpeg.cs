using SkiaSharp;

namespace KerasNet.TorchSupport;

public static partial class ImageDecoder
{
    /// <summary>
    /// Decodes a JPEG through <see cref="SKCodec"/>: grayscale to 1 channel, YCbCr, RGB, CMYK and YCCK to 3 (Skia,
    /// like PIL, reads every 4-component JPEG as Adobe's inverted CMYK: R = C·K / 255, rounded). The codec's own
    /// orientation handling is not used: the EXIF orientation is read by <see cref="JpegMarkers"/> and applied by
    /// <see cref="Orient"/>. With <paramref name="minWidth"/> and <paramref name="minHeight"/> set (upright
    /// minimums), the image is decoded with libjpeg's DCT scaling at <see cref="ReducedJpegSize"/>.
    /// </summary>
    private static DecodedImage DecodeJpeg(ReadOnlySpan<byte> data, string source, bool applyExifOrientation, long pixelLimit,
                                           int minWidth = 0, int minHeight = 0)
    {
        var markers = JpegMarkers.Read(data);
        var reduce = minWidth > 0 && minHeight > 0;
        // The minimums are upright; the stored image is turned by a quarter for orientations 5 to 8.
        if (applyExifOrientation && markers.Orientation >= 5) (minWidth, minHeight) = (minHeight, minWidth);
        if (markers.HasFrame)
        {
            var (w, h) = reduce && markers.Width > 0 && markers.Height > 0
                ? ReducedJpegSize(markers.Width, markers.Height, minWidth, minHeight)
                : (markers.Width, markers.Height);
            CheckDimensions(source, ImageFormat.Jpeg, w, h, markers.Components == 1 ? 1 : 3, pixelLimit);
        }

        using var codec = SkiaCodecs.Open(data, out var opened) ?? throw JpegHeaderFailure(source, markers, opened);
        if (codec.EncodedFormat != SKEncodedImageFormat.Jpeg)
            throw new ImageDecodeException(source, ImageFormat.Jpeg, $"corrupt JPEG: the decoder reads the data as {codec.EncodedFormat}.");
        var info = codec.Info;
        int width = info.Width, height = info.Height;
        if (reduce)
        {
            var eighths = ReducedJpegEighths(width, height, minWidth, minHeight);
            if (eighths < 8)
            {
                var (w, h) = ReducedJpegSize(width, height, minWidth, minHeight);
                var scaled = codec.GetScaledDimensions(eighths / 8f);
                if (scaled.Width != w || scaled.Height != h)
                    throw new ImageDecodeException(source, ImageFormat.Jpeg,
                        $"the decoder scales {width} x {height} by {eighths}/8 to {scaled.Width} x {scaled.Height}; expected {w} x {h}.");
                (width, height) = (w, h);
            }
        }
        var channels = info.ColorType == SKColorType.Gray8 ? 1 : 3;
        var endsWithEoi = data.Length >= 2 && data[^2] == 0xFF && data[^1] == 0xD9;
        var image = SkiaCodecs.DecodeImage(codec, width, height, channels, source, ImageFormat.Jpeg, pixelLimit,
            result => JpegDecodeFailure(source, endsWithEoi, result));
        return applyExifOrientation ? Orient(image, markers.Orientation) : image;
    }

    // A progressive JPEG cut short fails with InvalidInput rather than IncompleteInput (libjpeg reads every scan before
    // the first row): a missing end-of-image marker (EOI) says what most likely happened.
    private static ImageDecodeException JpegDecodeFailure(string source, bool endsWithEoi, SKCodecResult result) =>
        endsWithEoi || result == SKCodecResult.IncompleteInput
            ? SkiaCodecs.Failure(source, ImageFormat.Jpeg, result)
            : new(source, ImageFormat.Jpeg, $"truncated or corrupt JPEG: the decoder stopped (SKCodec: {result}: " +
                                            $"{SkiaCodecs.Explain(result)}) and the data does not end with the end-of-image marker (EOI), so the file is probably cut short.");

    // Why the codec could not read the headers: from where the marker walk stopped when it tells, else Skia's result.
    private static ImageDecodeException JpegHeaderFailure(string source, JpegMarkers markers, SKCodecResult result) =>
        markers.StoppedAt switch
        {
            JpegMarkers.Stop.EndOfData when !markers.HasFrame => new(source, ImageFormat.Jpeg,
                "corrupt or truncated JPEG: the data ends before the frame header (SOF), so it holds no image."),
            JpegMarkers.Stop.EndOfData => new(source, ImageFormat.Jpeg,
                "corrupt or truncated JPEG: the data ends before the scan header (SOS), so it holds no image data."),
            JpegMarkers.Stop.EndOfImage => new(source, ImageFormat.Jpeg,
                "corrupt JPEG: its end-of-image marker (EOI) comes before any image data."),
            _ => SkiaCodecs.Failure(source, ImageFormat.Jpeg, result),
        };
}
