
namespace KerasNet.Initializers;

/// <summary>
/// An initializer that draws random values: with a <see cref="Seed"/>, from a private generator seeded with it (the
/// same values on every call); without, from libtorch's global generator (<c>torch.manual_seed</c>).
/// </summary>
public abstract class RandomInitializer : Initializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="seed">The seed of every call's values, or null for libtorch's global generator.</param>
    protected RandomInitializer(int? seed) => Seed = seed;

    /// <summary>The seed, if any.</summary>
    public int? Seed { get; }

    /// <inheritdoc/>
    public override Tensor Call(long[] shape, ScalarType dtype = ScalarType.Float32, (long In, long Out)? fans = null)
    {
        using var generator = GeneratorFor(Seed);
        return Draw(shape, dtype, fans ?? ComputeFans(shape), generator);
    }

    /// <summary>The initial values of a weight of <paramref name="shape"/>, drawn from <paramref name="generator"/> (null: the global one).</summary>
    /// <param name="shape">The weight's shape.</param>
    /// <param name="dtype">The element type.</param>
    /// <param name="fans">(fan in, fan out): the layer's, or else <see cref="Initializer.ComputeFans"/> of the shape.</param>
    /// <param name="generator">The generator to draw from.</param>
    protected abstract Tensor Draw(long[] shape, ScalarType dtype, (long In, long Out) fans, Generator? generator);

    /// <summary>The initializer's arguments other than the seed, for <see cref="GetConfig"/>.</summary>
    protected abstract Dictionary<string, object?> Arguments();

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = Arguments();
        config["seed"] = Seed;
        return config;
    }
}
