
namespace KerasNet.Data.Transforms;

/// <summary>
/// Crops a random area of the image with a random aspect ratio and resizes it to (height, width), as torchvision's
/// <c>RandomResizedCrop</c>: up to 10 attempts at an area fraction drawn from <see cref="Scale"/> and a log-uniform
/// ratio from <see cref="Ratio"/>, falling back to the centre crop of the whole image clamped to the ratio range.
/// </summary>
public sealed class RandomResizedCrop : ITransform
{
    /// <summary>Creates the transform.</summary>
    public RandomResizedCrop(int height, int width, (double Min, double Max)? scale = null, (double Min, double Max)? ratio = null,
                             string interpolation = "bilinear", bool antialias = false)
    {
        if (height < 1 || width < 1) throw new ArgumentOutOfRangeException(nameof(height), $"RandomResizedCrop: the size must be at least 1 x 1; received {height} x {width}.");
        Scale = scale ?? (0.08, 1.0);
        Ratio = ratio ?? (3.0 / 4.0, 4.0 / 3.0);
        if (Scale.Min <= 0 || Scale.Min > Scale.Max)
            throw new ArgumentOutOfRangeException(nameof(scale), Scale, "RandomResizedCrop: scale must be (min, max) with 0 < min <= max.");
        if (Ratio.Min <= 0 || Ratio.Min > Ratio.Max)
            throw new ArgumentOutOfRangeException(nameof(ratio), Ratio, "RandomResizedCrop: ratio must be (min, max) with 0 < min <= max.");
        Height = height;
        Width = width;
        Interpolation = Resize.CheckInterpolation(interpolation, antialias);
        Antialias = antialias;
    }

    /// <summary>A square output of <paramref name="size"/>.</summary>
    public RandomResizedCrop(int size) : this(size, size) { }

    /// <summary>Output height.</summary>
    public int Height { get; }
    /// <summary>Output width.</summary>
    public int Width { get; }
    /// <summary>The range of the crop's area as a fraction of the image's.</summary>
    public (double Min, double Max) Scale { get; }
    /// <summary>The range of the crop's width / height.</summary>
    public (double Min, double Max) Ratio { get; }
    /// <summary>"bilinear" or "nearest".</summary>
    public string Interpolation { get; }
    /// <summary>Whether bilinear downsampling is antialiased.</summary>
    public bool Antialias { get; }

    /// <summary>The crop window (top, left, height, width) for an image of <paramref name="height"/> x <paramref name="width"/>.</summary>
    public (int Top, int Left, int Height, int Width) Window(int height, int width, Random random)
    {
        double area = (double)height * width;
        double logMin = Math.Log(Ratio.Min), logMax = Math.Log(Ratio.Max);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var target = area * (Scale.Min + random.NextDouble() * (Scale.Max - Scale.Min));
            var aspect = Math.Exp(logMin + random.NextDouble() * (logMax - logMin));
            var w = (int)Math.Round(Math.Sqrt(target * aspect));
            var h = (int)Math.Round(Math.Sqrt(target / aspect));
            if (w > 0 && w <= width && h > 0 && h <= height)
                return (random.Next(height - h + 1), random.Next(width - w + 1), h, w);
        }
        var inRatio = (double)width / height;
        int ch, cw;
        if (inRatio < Ratio.Min) { cw = width; ch = (int)Math.Round(cw / Ratio.Min); }
        else if (inRatio > Ratio.Max) { ch = height; cw = (int)Math.Round(ch * Ratio.Max); }
        else { cw = width; ch = height; }
        return ((height - ch) / 2, (width - cw) / 2, ch, cw);
    }

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Random random)
    {
        var (h, w) = ImageTensors.Size(image, "RandomResizedCrop");
        var (top, left, ch, cw) = Window(h, w, random);
        using var crop = ImageTensors.Crop(image, top, left, ch, cw);
        return ImageTensors.Resize(crop, Height, Width, Interpolation, Antialias);
    }
}
