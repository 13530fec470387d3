
namespace KerasNet.Data.Transforms;

/// <summary>
/// Per-channel <c>(image − mean[c]) / std[c]</c> on a floating-point image (channels at axis −3), as torchvision's
/// <c>Normalize</c>. <see cref="ImageNet"/> gives the usual ImageNet statistics.
/// </summary>
public sealed class Normalize : ITransform
{
    /// <summary>ImageNet's channel means (RGB, on [0, 1] pixels).</summary>
    public static readonly double[] ImageNetMean = { 0.485, 0.456, 0.406 };
    /// <summary>ImageNet's channel standard deviations (RGB, on [0, 1] pixels).</summary>
    public static readonly double[] ImageNetStd = { 0.229, 0.224, 0.225 };

    /// <summary>Creates the transform.</summary>
    public Normalize(double[] mean, double[] std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Length == 0 || mean.Length != std.Length)
            throw new ArgumentException($"Normalize: mean and std need one value per channel and the same length; received {mean.Length} and {std.Length}.", nameof(std));
        if (std.Any(s => s == 0 || double.IsNaN(s)))
            throw new ArgumentException($"Normalize: std must not contain 0 (received [{string.Join(", ", std)}]).", nameof(std));
        Mean = mean.ToArray();
        Std = std.ToArray();
    }

    /// <summary>Normalization with ImageNet's mean and std, for models pretrained on ImageNet.</summary>
    public static Normalize ImageNet() => new(ImageNetMean, ImageNetStd);

    /// <summary>The channel means.</summary>
    public IReadOnlyList<double> Mean { get; }
    /// <summary>The channel standard deviations.</summary>
    public IReadOnlyList<double> Std { get; }

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Random random)
    {
        ImageTensors.Size(image, "Normalize");
        if (!image.is_floating_point())
            throw new ArgumentException($"Normalize: expects a floating-point image; received {image.dtype.ToTorchName()}. Put a ToFloat() transform before it.", nameof(image));
        var channels = image.size(-3);
        if (channels != Mean.Count)
            throw new ArgumentException($"Normalize: the image has {channels} channel(s) (shape {Shape.Format(image.shape)}) but mean and std have {Mean.Count}.", nameof(image));
        using var scope = torch.NewDisposeScope();
        var mean = torch.tensor(Mean.Select(m => (float)m).ToArray(), new long[] { channels, 1, 1 }).to(image.dtype);
        var std = torch.tensor(Std.Select(s => (float)s).ToArray(), new long[] { channels, 1, 1 }).to(image.dtype);
        return ((image - mean) / std).MoveToOuterDisposeScope();
    }
}
