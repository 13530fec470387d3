namespace KerasNet.Layers;

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
        (Height, Width) = CheckTargetSize("RandomCrop", height, width);
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
    public override Dictionary<string, object?> GetConfig() => WithFormatAndSeed(WithTargetSize(base.GetConfig(), Height, Width));
}
