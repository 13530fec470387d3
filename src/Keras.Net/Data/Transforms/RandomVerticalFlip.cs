
namespace KerasNet.Data.Transforms;

/// <summary>Mirrors the image top–bottom with probability <see cref="P"/>.</summary>
public sealed class RandomVerticalFlip : ITransform
{
    /// <summary>Creates the transform.</summary>
    public RandomVerticalFlip(double p = 0.5) =>
        P = p is >= 0 and <= 1 ? p : throw new ArgumentOutOfRangeException(nameof(p), p, "RandomVerticalFlip: p must be in [0, 1].");

    /// <summary>The flip probability.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Random random)
    {
        ImageTensors.Size(image, "RandomVerticalFlip");
        return random.NextDouble() < P ? image.flip(-2) : image.alias();
    }
}
