
namespace KerasNet.Data.Transforms;

/// <summary>
/// Resizes images as torchvision's <c>Resize</c> on tensors: to an exact (height, width), or the shorter side to
/// <see cref="Size"/> keeping the aspect ratio (the longer side is truncated, int(size · long / short)).
/// Interpolation "bilinear" (half-pixel centres; <see cref="Antialias"/> filters when downsampling, as PIL does) or
/// "nearest". uint8 images are interpolated in float and rounded back, as torchvision does.
/// </summary>
public sealed class Resize : ITransform
{
    /// <summary>Resizes the shorter side to <paramref name="size"/>; <paramref name="maxSize"/> caps the longer side.</summary>
    public Resize(int size, string interpolation = "bilinear", bool antialias = false, int? maxSize = null)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "Resize: size must be at least 1.");
        if (maxSize is { } m && m <= size)
            throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize, $"Resize: maxSize must be greater than the shorter-side size {size}.");
        Size = size;
        MaxSize = maxSize;
        Interpolation = CheckInterpolation(interpolation, antialias);
        Antialias = antialias;
    }

    /// <summary>Resizes to exactly <paramref name="height"/> x <paramref name="width"/>.</summary>
    public Resize(int height, int width, string interpolation = "bilinear", bool antialias = false)
    {
        if (height < 1 || width < 1) throw new ArgumentOutOfRangeException(nameof(height), $"Resize: height and width must be at least 1; received {height} x {width}.");
        Height = height;
        Width = width;
        Interpolation = CheckInterpolation(interpolation, antialias);
        Antialias = antialias;
    }

    /// <summary>The shorter side's target (null for an exact size).</summary>
    public int? Size { get; }
    /// <summary>The cap on the longer side, if any.</summary>
    public int? MaxSize { get; }
    /// <summary>The exact height (null when resizing the shorter side).</summary>
    public int? Height { get; }
    /// <summary>The exact width (null when resizing the shorter side).</summary>
    public int? Width { get; }
    /// <summary>"bilinear" or "nearest".</summary>
    public string Interpolation { get; }
    /// <summary>Whether bilinear downsampling is antialiased.</summary>
    public bool Antialias { get; }

    /// <summary>The output (height, width) for an image of <paramref name="height"/> x <paramref name="width"/>.</summary>
    public (int Height, int Width) OutputSize(int height, int width)
    {
        if (Size is not { } size) return (Height!.Value, Width!.Value);
        var (shortSide, longSide) = width <= height ? (width, height) : (height, width);
        int newShort = size, newLong = (int)(size * (long)longSide / (double)shortSide);
        if (MaxSize is { } max && newLong > max) (newShort, newLong) = ((int)(max * (long)newShort / (double)newLong), max);
        return width <= height ? (newLong, newShort) : (newShort, newLong);
    }

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Random random)
    {
        var (h, w) = ImageTensors.Size(image, "Resize");
        var (oh, ow) = OutputSize(h, w);
        return ImageTensors.Resize(image, oh, ow, Interpolation, Antialias);
    }

    internal static string CheckInterpolation(string interpolation, bool antialias)
    {
        if (interpolation is not ("bilinear" or "nearest"))
            throw new ArgumentException($"Resize: interpolation must be 'bilinear' or 'nearest'; received '{interpolation}'.", nameof(interpolation));
        if (antialias && interpolation != "bilinear")
            throw new ArgumentException("Resize: antialias applies to 'bilinear' interpolation only.", nameof(antialias));
        return interpolation;
    }
}
