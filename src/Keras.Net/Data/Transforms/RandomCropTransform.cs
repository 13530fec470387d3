
namespace KerasNet.Data.Transforms;

/// <summary>
/// Crops a random (height, width) window of one sample, after optional padding, as torchvision's <c>RandomCrop</c>
/// (the Keras layer is <see cref="Layers.RandomCrop"/>).
/// <see cref="PaddingMode"/>: "constant" (with <see cref="Fill"/>), "edge", "reflect" or "symmetric".
/// </summary>
public sealed class RandomCropTransform : ITransform
{
    /// <summary>Creates the transform.</summary>
    /// <param name="height">Crop height.</param>
    /// <param name="width">Crop width.</param>
    /// <param name="padding">Pixels added on every side before cropping (e.g. 4 for CIFAR).</param>
    /// <param name="padIfNeeded">Pad an image smaller than the crop up to the crop size.</param>
    /// <param name="fill">The constant of "constant" padding.</param>
    /// <param name="paddingMode">"constant", "edge", "reflect" or "symmetric".</param>
    public RandomCropTransform(int height, int width, int padding = 0, bool padIfNeeded = false, double fill = 0, string paddingMode = "constant")
    {
        if (height < 1 || width < 1) throw new ArgumentOutOfRangeException(nameof(height), $"RandomCropTransform: the size must be at least 1 x 1; received {height} x {width}.");
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), padding, "RandomCropTransform: padding must be 0 or more.");
        if (paddingMode is not ("constant" or "edge" or "reflect" or "symmetric"))
            throw new ArgumentException($"RandomCropTransform: paddingMode must be 'constant', 'edge', 'reflect' or 'symmetric'; received '{paddingMode}'.", nameof(paddingMode));
        Height = height;
        Width = width;
        Padding = padding;
        PadIfNeeded = padIfNeeded;
        Fill = fill;
        PaddingMode = paddingMode;
    }

    /// <summary>A square crop of <paramref name="size"/>.</summary>
    public RandomCropTransform(int size, int padding = 0, bool padIfNeeded = false, double fill = 0, string paddingMode = "constant")
        : this(size, size, padding, padIfNeeded, fill, paddingMode) { }

    /// <summary>Crop height.</summary>
    public int Height { get; }
    /// <summary>Crop width.</summary>
    public int Width { get; }
    /// <summary>Padding on every side.</summary>
    public int Padding { get; }
    /// <summary>Whether small images are padded up to the crop size.</summary>
    public bool PadIfNeeded { get; }
    /// <summary>The constant padding value.</summary>
    public double Fill { get; }
    /// <summary>The padding mode.</summary>
    public string PaddingMode { get; }

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Random random)
    {
        using var scope = torch.NewDisposeScope();
        var x = ImageTensors.Pad(image, Padding, Padding, Padding, Padding, PaddingMode, Fill);
        var (h, w) = ImageTensors.Size(x, "RandomCropTransform");
        if (PadIfNeeded && w < Width) { x = ImageTensors.Pad(x, Width - w, 0, Width - w, 0, PaddingMode, Fill); w = (int)x.size(-1); }
        if (PadIfNeeded && h < Height) { x = ImageTensors.Pad(x, 0, Height - h, 0, Height - h, PaddingMode, Fill); h = (int)x.size(-2); }
        if (h < Height || w < Width)
            throw new ArgumentException(
                $"RandomCropTransform: the crop {Height} x {Width} is larger than the (padded) image {h} x {w}. Use padIfNeeded: true or a Resize first.", nameof(image));
        var top = random.Next(h - Height + 1);
        var left = random.Next(w - Width + 1);
        return ImageTensors.Crop(x, top, left, Height, Width).MoveToOuterDisposeScope();
    }
}
