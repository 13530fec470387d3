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
        (Height, Width) = CheckTargetSize("Resizing", height, width);
        CheckFill("Resizing", "constant", interpolation);
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
        var config = WithTargetSize(base.GetConfig(), Height, Width);
        config["interpolation"] = Interpolation;
        config["crop_to_aspect_ratio"] = CropToAspectRatio;
        return WithFormatAndSeed(config, seed: false);
    }
}
