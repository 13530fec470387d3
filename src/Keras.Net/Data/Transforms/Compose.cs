
namespace KerasNet.Data.Transforms;

/// <summary>Applies transforms one after the other.</summary>
public sealed class Compose : ITransform
{
    /// <summary>Creates the pipeline.</summary>
    public Compose(params ITransform[] transforms)
    {
        ArgumentNullException.ThrowIfNull(transforms);
        for (var i = 0; i < transforms.Length; i++)
            if (transforms[i] is null) throw new ArgumentNullException(nameof(transforms), $"Compose: transform {i} is null.");
        Transforms = transforms;
    }

    /// <summary>The transforms, in order.</summary>
    public IReadOnlyList<ITransform> Transforms { get; }

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Random random)
    {
        var current = image;
        foreach (var transform in Transforms)
        {
            var next = transform.Apply(current, random);
            if (!ReferenceEquals(current, image) && !ReferenceEquals(next, current)) current.Dispose();
            current = next;
        }
        return current;
    }
}
