
namespace KerasNet.Data.Transforms;

/// <summary><c>image · scale + offset</c> in float32 (e.g. scale 1/255), as Keras's <c>Rescaling</c>.</summary>
public sealed class Rescale : ITransform
{
    /// <summary>Creates the transform.</summary>
    public Rescale(double scale, double offset = 0)
    {
        Scale = scale;
        Offset = offset;
    }

    /// <summary>The multiplier.</summary>
    public double Scale { get; }
    /// <summary>The addend.</summary>
    public double Offset { get; }

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var floating = image.to(ScalarType.Float32);
        using var scaled = floating * Scale;
        return scaled + Offset;
    }
}
