
namespace KerasNet.Data.Transforms;

/// <summary>
/// A tensor-in, tensor-out image transform, as torchvision's transforms on tensors. Images are (channels, height,
/// width) or batched (..., channels, height, width), uint8 (0..255) or floating point (0..1). Random transforms draw
/// their parameters only from the <see cref="Random"/> they are given (the loader's per-sample generator), so a
/// seed reproduces them. The result is a new tensor (or the input itself when nothing changes).
/// </summary>
public interface ITransform
{
    /// <summary>Transforms <paramref name="image"/>, drawing any random parameters from <paramref name="random"/>.</summary>
    Tensor Apply(Tensor image, Random random);
}

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

/// <summary>A transform from a function, for steps not covered by the built-in transforms.</summary>
public sealed class LambdaTransform : ITransform
{
    private readonly Func<Tensor, Random, Tensor> function;

    /// <summary>Creates the transform.</summary>
    public LambdaTransform(Func<Tensor, Random, Tensor> function) => this.function = function ?? throw new ArgumentNullException(nameof(function));

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Random random) => function(image, random);
}
