namespace KerasNet.Layers;

/// <summary>
/// Crops the central (height, width) window, as Keras's <c>CenterCrop</c>; an image smaller than the window in either
/// direction is instead cropped to the target aspect ratio and resized (bilinear). Active in training and inference.
/// </summary>
public sealed class CenterCrop : ImagePreprocessingLayer
{
    /// <summary>Creates the layer.</summary>
    public CenterCrop(long height, long width, string? dataFormat = null, string? name = null, bool trainable = true) : base(dataFormat, null, name, trainable)
    {
        (Height, Width) = CheckTargetSize("CenterCrop", height, width);
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
    public override Dictionary<string, object?> GetConfig() => WithFormatAndSeed(WithTargetSize(base.GetConfig(), Height, Width), seed: false);
}
