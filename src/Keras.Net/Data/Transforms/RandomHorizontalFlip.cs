
namespace KerasNet.Data.Transforms;

/// <summary>Mirrors the image left–right with probability <see cref="P"/>.</summary>
public sealed class RandomHorizontalFlip : ITransform
{
    /// <summary>Creates the transform.</summary>
    public RandomHorizontalFlip(double p = 0.5) =>
        P = p is >= 0 and <= 1 ? p : throw new ArgumentOutOfRangeException(nameof(p), p, "RandomHorizontalFlip: p must be in [0, 1].");

    /// <summary>The flip probability.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Random random)
    {
        ImageTensors.Size(image, "RandomHorizontalFlip");
        return random.NextDouble() < P ? image.flip(-1) : image.alias();
    }
}
