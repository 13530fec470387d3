using KerasNet.Data.Transforms;

namespace KerasNet.Data;

/// <summary>
/// The deterministic image pipeline decode → (crop to aspect ratio) → resize → centre crop → scale and normalize,
/// run as one native pass per image from the decoded pixels straight into the float32 batch buffer (no per-image
/// tensors, no managed per-pixel loops). Equivalent to <c>Compose(Resize, CenterCropTransform, ToFloat, Normalize)</c> except
/// that the pixels are not rounded to uint8 after resizing. With <see cref="ReducedDecode"/>, a JPEG much larger
/// than needed is decoded at a reduced size by DCT scaling first (as PIL's <c>draft</c>), which is faster and
/// slightly smoother than decoding at full size.
/// </summary>
public sealed class FusedImageTransform
{
    /// <summary>Creates the pipeline.</summary>
    /// <param name="resize">The resize step: shorter side (<c>new Resize(256)</c>) or exact size (<c>new Resize(h, w)</c>), bilinear without antialiasing or nearest.</param>
    /// <param name="cropHeight">The centre crop height after resizing, or null for none.</param>
    /// <param name="cropWidth">The centre crop width after resizing, or null for none.</param>
    /// <param name="scale">Multiplies the pixel values (0..255) first: 1/255 for [0, 1], 1 to keep 0..255.</param>
    /// <param name="mean">Per-channel means subtracted after scaling (null: none).</param>
    /// <param name="std">Per-channel standard deviations divided by after subtracting the mean (null: none).</param>
    /// <param name="cropToAspectRatio">Before resizing, crop the largest centred window with the output's aspect ratio (Keras's crop_to_aspect_ratio).</param>
    /// <param name="reducedDecode">Decode large JPEGs at a reduced size by DCT scaling (never below what the resize needs).</param>
    public FusedImageTransform(Resize resize, int? cropHeight = null, int? cropWidth = null, double scale = 1.0 / 255, double[]? mean = null, double[]? std = null,
                               bool cropToAspectRatio = false, bool reducedDecode = false)
    {
        ArgumentNullException.ThrowIfNull(resize);
        if (resize.Antialias)
            throw new ArgumentException("FusedImageTransform: the fused resize is bilinear without antialiasing; use the Resize transform for antialiasing.", nameof(resize));
        if ((cropHeight is null) != (cropWidth is null) || cropHeight < 1 || cropWidth < 1)
            throw new ArgumentException($"FusedImageTransform: give both cropHeight and cropWidth (at least 1), or neither; received {cropHeight} and {cropWidth}.", nameof(cropHeight));
        if ((mean is null) != (std is null) || (mean is not null && mean.Length != std!.Length))
            throw new ArgumentException("FusedImageTransform: mean and std go together, with one value per channel each.", nameof(std));
        if (cropToAspectRatio && resize.Size is not null)
            throw new ArgumentException("FusedImageTransform: cropToAspectRatio needs an exact resize size (new Resize(height, width)).", nameof(cropToAspectRatio));
        if (std is not null && std.Any(s => s == 0))
            throw new ArgumentException("FusedImageTransform: std must not contain 0.", nameof(std));
        Resize = resize;
        CropHeight = cropHeight;
        CropWidth = cropWidth;
        Scale = scale;
        Mean = mean?.ToArray();
        Std = std?.ToArray();
        CropToAspectRatio = cropToAspectRatio;
        ReducedDecode = reducedDecode;
    }

    /// <summary>The resize step.</summary>
    public Resize Resize { get; }
    /// <summary>The centre crop height, if any.</summary>
    public int? CropHeight { get; }
    /// <summary>The centre crop width, if any.</summary>
    public int? CropWidth { get; }
    /// <summary>The pixel scale.</summary>
    public double Scale { get; }
    /// <summary>Per-channel means, if any.</summary>
    public IReadOnlyList<double>? Mean { get; }
    /// <summary>Per-channel standard deviations, if any.</summary>
    public IReadOnlyList<double>? Std { get; }
    /// <summary>Whether the image is first cropped to the output's aspect ratio.</summary>
    public bool CropToAspectRatio { get; }
    /// <summary>Whether large JPEGs are decoded at reduced size.</summary>
    public bool ReducedDecode { get; }

    /// <summary>The output (height, width) for an image of the given size (fixed when cropping or resizing exactly).</summary>
    public (int Height, int Width) OutputSize(int height, int width) =>
        CropHeight is { } ch ? (ch, CropWidth!.Value) : Resize.OutputSize(height, width);

    /// <summary>The fixed output (height, width), or null when it depends on the image (shorter-side resize, no crop).</summary>
    public (int Height, int Width)? FixedOutputSize =>
        CropHeight is { } ch ? (ch, CropWidth!.Value) : Resize.Height is { } h ? (h, Resize.Width!.Value) : null;

    /// <summary>Decodes the file, converting to <paramref name="mode"/>'s channels.</summary>
    public DecodedImage Decode(string path, ImageReadMode mode)
    {
        if (!ReducedDecode) return ImageDecoder.DecodeFile(path, mode);
        // The smallest decoded size the resize still reduces (or keeps): the output size needs at least this.
        var (minH, minW) = Resize.Size is { } s ? (s, s) : (Resize.Height!.Value, Resize.Width!.Value);
        return ImageDecoder.DecodeFileReduced(path, minW, minH, mode);
    }

    /// <summary>Runs the pipeline on a decoded image, writing (channels, height, width) float32 into row <paramref name="index"/> of <paramref name="batch"/>.</summary>
    public void WriteInto(DecodedImage image, Tensor batch, long index)
    {
        image = CropToAspectRatio ? CropAspect(image) : image;
        var (rh, rw) = Resize.OutputSize(image.Height, image.Width);
        var (oh, ow) = OutputSize(image.Height, image.Width);
        if (oh > rh || ow > rw)
            throw new ArgumentException($"FusedImageTransform: the crop {oh} x {ow} is larger than the resized image {rh} x {rw}.");
        var top = (int)Math.Round((rh - oh) / 2.0, MidpointRounding.ToEven);
        var left = (int)Math.Round((rw - ow) / 2.0, MidpointRounding.ToEven);
        Span<float> scale = stackalloc float[image.Channels];
        Span<float> bias = stackalloc float[image.Channels];
        for (var c = 0; c < image.Channels; c++)
        {
            var m = Mean is null ? 0 : Mean[c % Mean.Count];
            var s = Std is null ? 1 : Std[c % Std.Count];
            scale[c] = (float)(Scale / s);
            bias[c] = (float)(-m / s);
        }
        if (Resize.Interpolation == "bilinear")
        {
            ImageKernels.ResizeCropNormalize(image, rh, rw, top, left, batch, index, scale, bias);
            return;
        }
        // Nearest: resize through libtorch, then the fused kernel crops and normalizes without interpolating.
        using var scope = torch.NewDisposeScope();
        var chw = image.ToTensor(channelsFirst: false).permute(2, 0, 1);
        var resized = ImageTensorsResize(chw, rh, rw).permute(1, 2, 0).contiguous();
        var pixels = new DecodedImage(rw, rh, image.Channels, resized.data<byte>().ToArray());
        ImageKernels.ResizeCropNormalize(pixels, rh, rw, top, left, batch, index, scale, bias);
    }

    private static Tensor ImageTensorsResize(Tensor chw, int height, int width) =>
        new Resize(height, width, "nearest").Apply(chw, Random.Shared);

    /// <summary>The largest centred window of the image with the output's aspect ratio.</summary>
    private DecodedImage CropAspect(DecodedImage image)
    {
        var (th, tw) = (Resize.Height!.Value, Resize.Width!.Value);
        var ch = (int)Math.Min(image.Height, (long)((double)image.Width * th / tw));
        var cw = (int)Math.Min(image.Width, (long)((double)image.Height * tw / th));
        if (ch == image.Height && cw == image.Width) return image;
        int top = (image.Height - ch) / 2, left = (image.Width - cw) / 2, c = image.Channels;
        var pixels = new byte[(long)ch * cw * c];
        for (var y = 0; y < ch; y++)
            Array.Copy(image.Pixels, ((long)(top + y) * image.Width + left) * c, pixels, (long)y * cw * c, (long)cw * c);
        return new DecodedImage(cw, ch, c, pixels);
    }
}
