
namespace KerasNet.Data.Transforms;

/// <summary>
/// Mirrors one sample's image along an axis with probability <see cref="P"/>: the base of
/// <see cref="RandomHorizontalFlip"/> and <see cref="RandomVerticalFlip"/>.
/// </summary>
public abstract class RandomFlipTransform : ITransform
{
    private readonly int axis;

    /// <summary>Creates the transform.</summary>
    /// <param name="p">The flip probability, in [0, 1].</param>
    /// <param name="axis">The mirrored axis: -1 (width) or -2 (height).</param>
    private protected RandomFlipTransform(double p, int axis)
    {
        P = p is >= 0 and <= 1 ? p : throw new ArgumentOutOfRangeException(nameof(p), p, $"{GetType().Name}: p must be in [0, 1].");
        this.axis = axis;
    }

    /// <summary>The flip probability.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Random random)
    {
        ImageTensors.Size(image, GetType().Name);
        return random.NextDouble() < P ? image.flip(axis) : image.alias();
    }
}
