
namespace KerasNet.Data.Transforms;

/// <summary>
/// Crops the centre (height, width) window of one sample, as torchvision's <c>CenterCrop</c>: top = round((H − h) / 2),
/// left = round((W − w) / 2); an image smaller than the window is first padded with zeros. The Keras layer is
/// <see cref="Layers.CenterCrop"/>.
/// </summary>
public sealed class CenterCropTransform : ITransform
{
    /// <summary>Crops a square of <paramref name="size"/>.</summary>
    public CenterCropTransform(int size) : this(size, size) { }

    /// <summary>Crops <paramref name="height"/> x <paramref name="width"/>.</summary>
    public CenterCropTransform(int height, int width)
    {
        if (height < 1 || width < 1) throw new ArgumentOutOfRangeException(nameof(height), $"CenterCropTransform: the size must be at least 1 x 1; received {height} x {width}.");
        Height = height;
        Width = width;
    }

    /// <summary>The crop height.</summary>
    public int Height { get; }
    /// <summary>The crop width.</summary>
    public int Width { get; }

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Random random) => Crop(image, Height, Width);

    internal static Tensor Crop(Tensor image, int height, int width)
    {
        var (h, w) = ImageTensors.Size(image, "CenterCropTransform");
        if (height > h || width > w)
        {
            using var padded = ImageTensors.Pad(image, width > w ? (width - w) / 2 : 0, height > h ? (height - h) / 2 : 0,
                width > w ? (width - w + 1) / 2 : 0, height > h ? (height - h + 1) / 2 : 0, "constant", 0);
            return Crop(padded, height, width);
        }
        if (height == h && width == w) return image.alias();
        var top = (int)Math.Round((h - height) / 2.0, MidpointRounding.ToEven);
        var left = (int)Math.Round((w - width) / 2.0, MidpointRounding.ToEven);
        return ImageTensors.Crop(image, top, left, height, width);
    }
}
