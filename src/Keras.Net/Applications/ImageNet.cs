namespace KerasNet.Applications;

/// <summary>ImageNet helpers shared by the applications: torchvision's preprocessing and the 1000 class names.</summary>
public static class ImageNet
{
    /// <summary>torchvision's per-channel ImageNet mean (RGB).</summary>
    public static readonly float[] Mean = { 0.485f, 0.456f, 0.406f };

    /// <summary>torchvision's per-channel ImageNet standard deviation (RGB).</summary>
    public static readonly float[] Std = { 0.229f, 0.224f, 0.225f };

    private static readonly Lazy<string[]> Names = new(LoadNames);

    /// <summary>The 1000 class names, by index.</summary>
    public static IReadOnlyList<string> ClassNames => Names.Value;

    /// <summary>
    /// Normalizes RGB images with values in [0, 1] (as the image loaders give them; divide 0-255 pixels by 255 first)
    /// the way every torchvision classifier was trained: (x − mean) / std per channel. Channels-first (batch, 3, h, w)
    /// or a single (3, h, w) image. Returns a new tensor.
    /// </summary>
    public static Tensor PreprocessInput(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() is not (3 or 4) || images.shape[images.dim() - 3] != 3)
            throw new ArgumentException($"PreprocessInput expects RGB images (batch, 3, height, width) or (3, height, width), channels-first; received shape {Shape.Format(images.shape)}.", nameof(images));
        using var scope = torch.NewDisposeScope();
        var shape = images.dim() == 4 ? new long[] { 1, 3, 1, 1 } : new long[] { 3, 1, 1 };
        var mean = torch.tensor(Mean).reshape(shape).to(images.dtype.IsFloatingPoint() ? images.dtype : ScalarType.Float32, images.device);
        var std = torch.tensor(Std).reshape(shape).to(mean.dtype, images.device);
        var x = images.dtype.IsFloatingPoint() ? images : images.to(ScalarType.Float32);
        return x.sub(mean).div(std).MoveToOuterDisposeScope();
    }

    /// <summary>The <paramref name="top"/> highest-scoring classes of each row of (batch, 1000) predictions, best first.</summary>
    public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(Tensor predictions, int top = 5)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (predictions.dim() != 2 || predictions.shape[1] != 1000)
            throw new ArgumentException($"DecodePredictions expects a batch of ImageNet predictions of shape (batch, 1000); received shape {Shape.Format(predictions.shape)}.", nameof(predictions));
        if (top is < 1 or > 1000) throw new ArgumentOutOfRangeException(nameof(top), top, "DecodePredictions: top must be between 1 and 1000.");
        using var scope = torch.NewDisposeScope();
        var values = predictions.to(ScalarType.Float32, torch.CPU).contiguous().data<float>().ToArray();
        var result = new List<IReadOnlyList<ImageNetPrediction>>();
        for (var row = 0; row < predictions.shape[0]; row++)
        {
            var offset = row * 1000;
            result.Add(Enumerable.Range(0, 1000)
                .OrderByDescending(i => values[offset + i]).ThenBy(i => i)
                .Take(top)
                .Select(i => new ImageNetPrediction(i, ClassNames[i], values[offset + i]))
                .ToList());
        }
        return result;
    }

    private static string[] LoadNames()
    {
        using var stream = typeof(ImageNet).Assembly.GetManifestResourceStream("KerasNet.Applications.imagenet_classes.txt")
            ?? throw new InvalidOperationException("The ImageNet class names resource is missing from Keras.Net.dll (a broken build).");
        using var reader = new StreamReader(stream);
        var names = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return names.Length == 1000 ? names : throw new InvalidOperationException($"The ImageNet class names resource holds {names.Length} names instead of 1000 (a broken build).");
    }
}
