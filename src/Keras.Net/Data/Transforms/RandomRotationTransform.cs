
namespace KerasNet.Data.Transforms;

/// <summary>
/// Rotates one sample's image about its centre by an angle drawn uniformly from [<see cref="MinDegrees"/>,
/// <see cref="MaxDegrees"/>] (counter-clockwise for positive angles, as torchvision), keeping its size and filling
/// the uncovered corners with <see cref="Fill"/>. torchvision's <c>RandomRotation</c>; the Keras layer is
/// <see cref="Layers.RandomRotation"/>.
/// </summary>
public sealed class RandomRotationTransform : ITransform
{
    /// <summary>Rotates by an angle in [-<paramref name="degrees"/>, <paramref name="degrees"/>].</summary>
    public RandomRotationTransform(double degrees, string interpolation = "nearest", double fill = 0)
        : this(-Math.Abs(degrees), Math.Abs(degrees), interpolation, fill) { }

    /// <summary>Rotates by an angle in [<paramref name="minDegrees"/>, <paramref name="maxDegrees"/>].</summary>
    public RandomRotationTransform(double minDegrees, double maxDegrees, string interpolation = "nearest", double fill = 0)
    {
        if (minDegrees > maxDegrees)
            throw new ArgumentOutOfRangeException(nameof(minDegrees), $"RandomRotationTransform: minDegrees ({minDegrees}) must not exceed maxDegrees ({maxDegrees}).");
        if (interpolation is not ("nearest" or "bilinear"))
            throw new ArgumentException($"RandomRotationTransform: interpolation must be 'nearest' or 'bilinear'; received '{interpolation}'.", nameof(interpolation));
        (MinDegrees, MaxDegrees, Interpolation, Fill) = (minDegrees, maxDegrees, interpolation, fill);
    }

    /// <summary>The smallest angle.</summary>
    public double MinDegrees { get; }
    /// <summary>The largest angle.</summary>
    public double MaxDegrees { get; }
    /// <summary>"nearest" or "bilinear".</summary>
    public string Interpolation { get; }
    /// <summary>The value of uncovered pixels.</summary>
    public double Fill { get; }

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Random random)
    {
        var angle = MinDegrees + random.NextDouble() * (MaxDegrees - MinDegrees);
        return ImageTensors.Rotate(image, angle, Interpolation, Fill);
    }
}
