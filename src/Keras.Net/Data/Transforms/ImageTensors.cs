
namespace KerasNet.Data.Transforms;

/// <summary>The tensor operations the transforms share: shape checks, resizing, cropping, padding, affine warps.</summary>
internal static class ImageTensors
{
    /// <summary>Checks the image has a (channels, height, width) tail and returns (height, width).</summary>
    public static (int Height, int Width) Size(Tensor image, string transform)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.dim() < 3)
            throw new ArgumentException(
                $"{transform}: expects an image of shape (channels, height, width) or (..., channels, height, width); received shape {Shape.Format(image.shape)}. " +
                "Add a channel axis for a gray image, e.g. image.unsqueeze(0).", nameof(image));
        return ((int)image.size(-2), (int)image.size(-1));
    }

    /// <summary>The largest pixel value of the image's dtype: 255 for uint8, 1 for floating point.</summary>
    public static double Bound(Tensor image) => image.is_floating_point() ? 1.0 : 255.0;

    /// <summary>Runs <paramref name="body"/> on the image viewed as (N, C, H, W) in float32, converting back as torchvision does (round for integers).</summary>
    public static Tensor OnFloatBatch(Tensor image, Func<Tensor, Tensor> body)
    {
        using var scope = torch.NewDisposeScope();
        var shape = image.shape;
        var batch = image.reshape(-1, shape[^3], shape[^2], shape[^1]);
        var floating = image.is_floating_point() ? batch : batch.to(ScalarType.Float32);
        var result = body(floating);
        if (!image.is_floating_point()) result = result.round().clamp(0, 255).to(image.dtype);
        var outShape = shape.ToArray();
        outShape[^2] = result.size(-2);
        outShape[^1] = result.size(-1);
        return result.reshape(outShape).MoveToOuterDisposeScope();
    }

    /// <summary>Resizes to exactly (height, width): "bilinear" (half-pixel centres, optional antialiasing) or "nearest".</summary>
    public static Tensor Resize(Tensor image, int height, int width, string interpolation, bool antialias)
    {
        var (h, w) = Size(image, "Resize");
        if (h == height && w == width) return image.alias();
        return OnFloatBatch(image, x => interpolation switch
        {
            "bilinear" when antialias => F.interpolate(x, new long[] { height, width }, mode: torch.InterpolationMode.Bilinear, align_corners: false, antialias: true),
            "bilinear" => F.interpolate(x, new long[] { height, width }, mode: torch.InterpolationMode.Bilinear, align_corners: false),
            _ => F.interpolate(x, new long[] { height, width }, mode: torch.InterpolationMode.Nearest),
        });
    }

    /// <summary>The window (top, left, height, width), which must lie inside the image.</summary>
    public static Tensor Crop(Tensor image, int top, int left, int height, int width)
    {
        using var rows = image.narrow(-2, top, height);
        return rows.narrow(-1, left, width).contiguous();
    }

    /// <summary>Pads (left, top, right, bottom) with <paramref name="mode"/>: "constant" (with <paramref name="fill"/>), "edge", "reflect" or "symmetric".</summary>
    public static Tensor Pad(Tensor image, int left, int top, int right, int bottom, string mode, double fill)
    {
        if (left == 0 && top == 0 && right == 0 && bottom == 0) return image.alias();
        var pad = new long[] { left, right, top, bottom };
        if (mode == "constant")
        {
            // libtorch pads integer tensors too in constant mode.
            return F.pad(image, pad, PaddingModes.Constant, fill);
        }
        if (mode == "symmetric")
        {
            // Symmetric (edge pixel repeated) = reflect of the image extended by one mirrored pixel on each side.
            using var scope = torch.NewDisposeScope();
            var x = image;
            if (top > 0 || bottom > 0) x = torch.cat(new[] { x.narrow(-2, 0, top).flip(-2), x, x.narrow(-2, x.size(-2) - bottom, bottom).flip(-2) }, -2);
            if (left > 0 || right > 0) x = torch.cat(new[] { x.narrow(-1, 0, left).flip(-1), x, x.narrow(-1, x.size(-1) - right, right).flip(-1) }, -1);
            return x.contiguous().MoveToOuterDisposeScope();
        }
        var torchMode = mode == "edge" ? PaddingModes.Replicate : PaddingModes.Reflect;
        return OnFloatBatch(image, x => F.pad(x, pad, torchMode));
    }

    /// <summary>
    /// Rotates by <paramref name="degrees"/> counter-clockwise about the centre, keeping the size, filling uncovered
    /// pixels with <paramref name="fill"/>; "nearest" or "bilinear".
    /// </summary>
    public static Tensor Rotate(Tensor image, double degrees, string interpolation, double fill)
    {
        var (h, w) = Size(image, "RandomRotationTransform");
        var radians = degrees * Math.PI / 180;
        double cos = Math.Cos(radians), sin = Math.Sin(radians);
        // Output → input map in normalized coordinates (x right, y down), corrected for the aspect ratio.
        var theta = new[] { (float)cos, (float)(-sin * h / w), 0f, (float)(sin * w / h), (float)cos, 0f };
        return OnFloatBatch(image, x => Warp(x, theta, interpolation, fill));
    }

    /// <summary>Samples each image of (N, C, H, W) through the 2x3 output→input map <paramref name="theta"/>, filling outside with a constant.</summary>
    public static Tensor Warp(Tensor x, float[] theta, string interpolation, double fill)
    {
        var n = x.size(0);
        using var one = torch.tensor(theta, new long[] { 1, 2, 3 });
        using var thetas = one.expand(n, 2, 3);
        using var grid = F.affine_grid(thetas, x.shape);
        if (fill == 0) return F.grid_sample(x, grid, TorchModes.GridSample(interpolation), torch.GridSamplePaddingMode.Zeros, align_corners: false);
        // Sample a mask of ones alongside, then fill where it was not covered.
        using var mask = torch.ones(new long[] { n, 1, x.size(2), x.size(3) }, x.dtype);
        using var withMask = torch.cat(new[] { x, mask }, 1);
        using var sampled = F.grid_sample(withMask, grid, TorchModes.GridSample(interpolation), torch.GridSamplePaddingMode.Zeros, align_corners: false);
        using var image = sampled.narrow(1, 0, x.size(1));
        using var covered = sampled.narrow(1, x.size(1), 1);
        using var uncovered = 1.0 - covered;
        using var filled = uncovered * fill;
        return image + filled;
    }
}
