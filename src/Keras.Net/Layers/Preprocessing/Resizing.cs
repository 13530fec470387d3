
namespace KerasNet.Layers;

/// <summary>
/// Resizes images to (height, width), as Keras's <c>Resizing</c>: bilinear (half-pixel centres, no antialiasing) or
/// nearest; with <see cref="CropToAspectRatio"/>, the largest centred window with the target aspect ratio is resized
/// instead of distorting the image. Active in training and inference; the output is float32.
/// </summary>
public sealed class Resizing : ImagePreprocessingLayer
{
    /// <summary>Creates the layer.</summary>
    public Resizing(long height, long width, string interpolation = "bilinear", bool cropToAspectRatio = false, string? dataFormat = null,
                    string? name = null, bool trainable = true) : base(dataFormat, null, name, trainable)
    {
        if (height < 1 || width < 1) throw new ArgumentOutOfRangeException(nameof(height), $"Resizing: height and width must be at least 1; received {height} x {width}.");
        CheckFill("Resizing", "constant", interpolation);
        Height = height;
        Width = width;
        Interpolation = interpolation;
        CropToAspectRatio = cropToAspectRatio;
    }

    /// <summary>Output height.</summary>
    public long Height { get; }
    /// <summary>Output width.</summary>
    public long Width { get; }
    /// <summary>"bilinear" or "nearest".</summary>
    public string Interpolation { get; }
    /// <summary>Whether the image is cropped to the target aspect ratio before resizing.</summary>
    public bool CropToAspectRatio { get; }

    /// <inheritdoc/>
    protected override Tensor Transform(Tensor images, bool training) =>
        CropToAspectRatio ? SmartResize(images, Height, Width, Interpolation) : Resize(images, Height, Width, Interpolation);

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => WithSpatial(inputShape, Height, Width);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["height"] = Height;
        config["width"] = Width;
        config["interpolation"] = Interpolation;
        config["crop_to_aspect_ratio"] = CropToAspectRatio;
        return WithFormatAndSeed(config, seed: false);
    }
}

/// <summary>
/// Crops the central (height, width) window, as Keras's <c>CenterCrop</c>; an image smaller than the window in either
/// direction is instead cropped to the target aspect ratio and resized (bilinear). Active in training and inference.
/// </summary>
public sealed class CenterCrop : ImagePreprocessingLayer
{
    /// <summary>Creates the layer.</summary>
    public CenterCrop(long height, long width, string? dataFormat = null, string? name = null, bool trainable = true) : base(dataFormat, null, name, trainable)
    {
        if (height < 1 || width < 1) throw new ArgumentOutOfRangeException(nameof(height), $"CenterCrop: height and width must be at least 1; received {height} x {width}.");
        Height = height;
        Width = width;
    }

    /// <summary>Output height.</summary>
    public long Height { get; }
    /// <summary>Output width.</summary>
    public long Width { get; }

    /// <inheritdoc/>
    protected override Tensor Transform(Tensor images, bool training)
    {
        long h = images.size(2), w = images.size(3);
        if (h < Height || w < Width) return SmartResize(images, Height, Width, "bilinear");
        using var rows = images.narrow(2, (h - Height) / 2, Height);
        return rows.narrow(3, (w - Width) / 2, Width).contiguous();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => WithSpatial(inputShape, Height, Width);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["height"] = Height;
        config["width"] = Width;
        return WithFormatAndSeed(config, seed: false);
    }
}

/// <summary>
/// Crops a random (height, width) window of each image during training, as Keras's <c>RandomCrop</c> (an image
/// smaller than the window is resized instead); at inference, crops the centre window with the target aspect ratio
/// and resizes it to (height, width).
/// </summary>
public sealed class RandomCrop : ImagePreprocessingLayer
{
    /// <summary>Creates the layer.</summary>
    public RandomCrop(long height, long width, int? seed = null, string? dataFormat = null, string? name = null, bool trainable = true)
        : base(dataFormat, seed, name, trainable)
    {
        if (height < 1 || width < 1) throw new ArgumentOutOfRangeException(nameof(height), $"RandomCrop: height and width must be at least 1; received {height} x {width}.");
        Height = height;
        Width = width;
    }

    /// <summary>Output height.</summary>
    public long Height { get; }
    /// <summary>Output width.</summary>
    public long Width { get; }

    /// <inheritdoc/>
    protected override Tensor Transform(Tensor images, bool training)
    {
        long n = images.size(0), h = images.size(2), w = images.size(3);
        if (!training) return SmartResize(images, Height, Width, "bilinear");
        if (h < Height || w < Width) return Resize(images, Height, Width, "bilinear");
        var tops = Uniform(n, 0, h - Height + 1);
        var lefts = Uniform(n, 0, w - Width + 1);
        var crops = new Tensor[n];
        for (var i = 0; i < n; i++)
        {
            long top = Math.Min((long)tops[i], h - Height), left = Math.Min((long)lefts[i], w - Width);
            crops[i] = images.select(0, i).narrow(1, top, Height).narrow(2, left, Width);
        }
        return torch.stack(crops);
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => WithSpatial(inputShape, Height, Width);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["height"] = Height;
        config["width"] = Width;
        return WithFormatAndSeed(config);
    }
}
