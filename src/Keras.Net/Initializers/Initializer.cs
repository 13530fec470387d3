using KerasNet.Serialization;

namespace KerasNet.Initializers;

/// <summary>
/// Creates the initial value of a weight. Seeded initializers give the same values on every call; unseeded ones
/// draw from libtorch's global generator (<c>torch.manual_seed</c>).
/// </summary>
public abstract class Initializer : IKerasSerializable
{
    /// <summary>A new tensor of <paramref name="shape"/> holding the initial values.</summary>
    /// <param name="shape">The weight's shape.</param>
    /// <param name="dtype">The element type.</param>
    /// <param name="fans">(fan in, fan out) when the layer knows them better than the shape does (e.g. transposed convolutions).</param>
    public abstract Tensor Call(long[] shape, ScalarType dtype = ScalarType.Float32, (long In, long Out)? fans = null);

    /// <inheritdoc/>
    public abstract Dictionary<string, object?> GetConfig();

    /// <summary>
    /// Fan-in and fan-out from a shape: (in, out) for rank 2; for convolution kernels (rank ≥ 3) Keras.Net stores
    /// PyTorch's layout (out, in, *kernel), so fan-in = in × kernel area and fan-out = out × kernel area.
    /// </summary>
    public static (long In, long Out) ComputeFans(long[] shape) => shape.Length switch
    {
        0 => (1, 1),
        1 => (shape[0], shape[0]),
        2 => (shape[0], shape[1]),
        _ => (shape[1] * shape.Skip(2).Aggregate(1L, (a, b) => a * b), shape[0] * shape.Skip(2).Aggregate(1L, (a, b) => a * b)),
    };

    /// <summary>The initializer of a Keras name: "glorot_uniform", "he_normal", "zeros", "ones", "orthogonal"...</summary>
    public static Initializer Get(string identifier) => Normalize(identifier) switch
    {
        "glorotuniform" => new GlorotUniform(),
        "glorotnormal" => new GlorotNormal(),
        "heuniform" => new HeUniform(),
        "henormal" => new HeNormal(),
        "lecununiform" => new LecunUniform(),
        "lecunnormal" => new LecunNormal(),
        "zeros" or "zero" => new Zeros(),
        "ones" or "one" => new Ones(),
        "orthogonal" => new Orthogonal(),
        "randomuniform" or "uniform" => new RandomUniform(),
        "randomnormal" or "normal" => new RandomNormal(),
        "truncatednormal" => new TruncatedNormal(),
        "identity" => new Identity(),
        _ => throw new ArgumentException($"Unknown initializer '{identifier}'. Expected one of glorot_uniform, glorot_normal, he_uniform, he_normal, lecun_uniform, lecun_normal, zeros, ones, orthogonal, random_uniform, random_normal, truncated_normal, identity.", nameof(identifier)),
    };

    private static string Normalize(string identifier) => identifier.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>Allows <c>kernelInitializer: "he_normal"</c>.</summary>
    public static implicit operator Initializer(string identifier) => Get(identifier);

    /// <summary>A generator for this call: seeded if <paramref name="seed"/> is set, otherwise the global one (null).</summary>
    protected static Generator? GeneratorFor(int? seed) => seed is { } s ? new Generator((ulong)(s)) : null;

    /// <summary>Standard normal samples redrawn until they all lie within two standard deviations, as Keras's truncated normal.</summary>
    protected static Tensor TruncatedStandardNormal(long[] shape, ScalarType dtype, Generator? generator)
    {
        var x = torch.randn(shape, dtype, generator: generator);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var outside = x.abs().gt(2.0);
            using var any = outside.any();
            if (!any.item<bool>()) break;
            using var redraw = torch.randn(shape, dtype, generator: generator);
            var next = torch.where(outside, redraw, x);
            x.Dispose();
            x = next;
        }
        return x;
    }
}
