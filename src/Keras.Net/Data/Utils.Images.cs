namespace KerasNet;

public static partial class Utils
{
    /// <summary>
    /// Keras's <c>load_img</c>: decodes an image file (JPEG, PNG, BMP, GIF; EXIF orientation applied) into 8-bit
    /// pixels, converted to <paramref name="colorMode"/> and optionally resized. Turn it into a tensor with
    /// <see cref="ImgToArray"/>.
    /// </summary>
    /// <param name="path">The image file.</param>
    /// <param name="colorMode">"rgb" (3 channels), "rgba" (4) or "grayscale" (1, PIL's luminance).</param>
    /// <param name="targetSize">The (height, width) to resize to; null keeps the image's size.</param>
    /// <param name="interpolation">"nearest" (PIL's nearest: the pixel under each output pixel's centre) or "bilinear" (antialiased when shrinking, as PIL).</param>
    /// <param name="keepAspectRatio">Crop the largest centred window with the target's aspect ratio before resizing, instead of distorting.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ImageDecodeException">The file is not a decodable image.</exception>
    /// <exception cref="ArgumentException">An argument is invalid.</exception>
    public static DecodedImage LoadImg(string path, string colorMode = "rgb", (int Height, int Width)? targetSize = null,
        string interpolation = "nearest", bool keepAspectRatio = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        var mode = colorMode switch
        {
            "rgb" => ImageReadMode.Rgb,
            "rgba" => ImageReadMode.RgbAlpha,
            "grayscale" => ImageReadMode.Gray,
            _ => throw new ArgumentException($"LoadImg: colorMode received '{colorMode}'; expected \"rgb\", \"rgba\" or \"grayscale\".", nameof(colorMode)),
        };
        if (interpolation is not ("nearest" or "bilinear"))
            throw new ArgumentException($"LoadImg: interpolation received '{interpolation}'; expected \"nearest\" or \"bilinear\".", nameof(interpolation));
        if (targetSize is { } size && (size.Height < 1 || size.Width < 1))
            throw new ArgumentOutOfRangeException(nameof(targetSize), targetSize, "LoadImg: targetSize must be a positive (height, width), or null.");
        if (!File.Exists(path)) throw new FileNotFoundException($"LoadImg: no image file at '{path}'.", path);
        var image = ImageDecoder.DecodeFile(path, mode);
        if (targetSize is not { } target || (target.Height == image.Height && target.Width == image.Width && !keepAspectRatio)) return image;

        using var scope = torch.NewDisposeScope();
        var pixels = image.ToTensor(channelsFirst: true);
        if (keepAspectRatio)
        {
            // The largest window with the target's aspect ratio, centred (Keras's rounding).
            var cropHeight = Math.Min(image.Height, (int)((long)image.Width * target.Height / target.Width));
            var cropWidth = Math.Min(image.Width, (int)((long)image.Height * target.Width / target.Height));
            pixels = pixels.narrow(1, (image.Height - cropHeight) / 2, cropHeight).narrow(2, (image.Width - cropWidth) / 2, cropWidth);
        }
        var input = pixels.to(ScalarType.Float32).unsqueeze(0);
        var resized = interpolation == "nearest"
            ? F.interpolate(input, new long[] { target.Height, target.Width }, mode: torch.InterpolationMode.NearestExact)
            : F.interpolate(input, new long[] { target.Height, target.Width }, mode: torch.InterpolationMode.Bilinear, align_corners: false, antialias: true);
        var bytes = resized.squeeze(0).round().clamp(0, 255).to(ScalarType.Byte).permute(1, 2, 0).contiguous();
        return new DecodedImage(target.Width, target.Height, image.Channels, bytes.data<byte>().ToArray());
    }

    /// <summary>
    /// Keras's <c>img_to_array</c>: the image as a float32 tensor (or <paramref name="dtype"/>) of values 0..255,
    /// (channels, height, width) for channels-first, (height, width, channels) for channels-last.
    /// </summary>
    /// <param name="img">The image (from <see cref="LoadImg"/>).</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; null: <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="dtype">The element type.</param>
    public static Tensor ImgToArray(DecodedImage img, string? dataFormat = null, ScalarType dtype = ScalarType.Float32)
    {
        ArgumentNullException.ThrowIfNull(img);
        var channelsFirst = ChannelsFirst(dataFormat, "ImgToArray");
        using var pixels = img.ToTensor(channelsFirst);
        return pixels.to(dtype);
    }

    /// <summary>
    /// Keras's <c>array_to_img</c>: a rank-3 tensor (1, 3 or 4 channels) as an 8-bit image. With
    /// <paramref name="scale"/>, values are shifted and scaled to span 0..255 (minimum to 0, maximum to 255);
    /// values are then truncated to integers, as NumPy's <c>astype("uint8")</c> (and clamped to 0..255 first).
    /// </summary>
    /// <param name="x">The image tensor.</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; null: <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="scale">Rescale the values to 0..255.</param>
    /// <exception cref="ArgumentException">The tensor is not rank 3, or has 2 or more than 4 channels.</exception>
    public static DecodedImage ArrayToImg(Tensor x, string? dataFormat = null, bool scale = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        var channelsFirst = ChannelsFirst(dataFormat, "ArrayToImg");
        if (x.dim() != 3)
            throw new ArgumentException(
                $"ArrayToImg expects a rank-3 image tensor ({(channelsFirst ? "channels, height, width" : "height, width, channels")}); received shape {Shape.Format(x.shape)}.", nameof(x));
        using var scope = torch.NewDisposeScope();
        var hwc = (channelsFirst ? x.permute(1, 2, 0) : x).to(ScalarType.Float64, torch.CPU);
        var channels = hwc.size(2);
        if (channels is not (1 or 3 or 4))
            throw new ArgumentException(
                $"ArrayToImg: the image has {channels} channels (shape {Shape.Format(x.shape)}, {(channelsFirst ? "channels_first" : "channels_last")}); expected 1, 3 or 4. " +
                "If the channels are on the other axis, pass the other dataFormat.", nameof(x));
        if (scale)
        {
            hwc = hwc - hwc.min();
            var max = hwc.max().ToDouble();
            if (max != 0) hwc = hwc / max;
            hwc = hwc * 255.0;
        }
        var bytes = hwc.clamp(0, 255).trunc().to(ScalarType.Byte).contiguous();
        return new DecodedImage((int)hwc.size(1), (int)hwc.size(0), (int)channels, bytes.data<byte>().ToArray());
    }

    /// <summary>
    /// Keras's <c>save_img</c>: writes a rank-3 tensor as an image file (PNG or JPEG, by <paramref name="fileFormat"/>
    /// or the file's extension), through <see cref="ArrayToImg"/>. An RGBA image saved as JPEG loses its alpha (as
    /// Keras, which converts it to RGB). The file is written to a temporary name and renamed into place.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="x">The image tensor.</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; null: <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="fileFormat">"png", "jpeg"/"jpg"; null: from the extension.</param>
    /// <param name="scale">Rescale the values to 0..255 (see <see cref="ArrayToImg"/>).</param>
    /// <param name="quality">JPEG quality (1 to 100; PIL's default 75).</param>
    /// <exception cref="ArgumentException">The format cannot be told or written, or the tensor is not an image.</exception>
    public static void SaveImg(string path, Tensor x, string? dataFormat = null, string? fileFormat = null, bool scale = true, int quality = 75)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = (fileFormat ?? Path.GetExtension(path).TrimStart('.')).ToLowerInvariant();
        var format = name switch
        {
            "png" => ImageFormat.Png,
            "jpg" or "jpeg" => ImageFormat.Jpeg,
            _ => throw new ArgumentException(
                $"SaveImg: cannot write format '{name}' (from {(fileFormat is null ? $"the extension of '{path}'" : "fileFormat")}); expected \"png\" or \"jpeg\".",
                fileFormat is null ? nameof(path) : nameof(fileFormat)),
        };
        var image = ArrayToImg(x, dataFormat, scale);
        if (format == ImageFormat.Jpeg && image.Channels == 4)
        {
            var rgb = new byte[image.Width * image.Height * 3];
            for (int p = 0, i = 0, o = 0; p < image.Width * image.Height; p++, i += 4, o += 3)
                image.Pixels.AsSpan(i, 3).CopyTo(rgb.AsSpan(o, 3));
            image = new DecodedImage(image.Width, image.Height, 3, rgb);
        }
        var bytes = ImageEncoder.Encode(image, format, quality);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    private static bool ChannelsFirst(string? dataFormat, string fn) => dataFormat switch
    {
        null => Config.ImageDataFormat == ImageDataFormat.ChannelsFirst,
        "channels_first" => true,
        "channels_last" => false,
        _ => throw new ArgumentException($"{fn}: dataFormat received '{dataFormat}'; expected \"channels_first\", \"channels_last\" or null.", nameof(dataFormat)),
    };
}
