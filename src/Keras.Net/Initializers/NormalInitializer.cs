
namespace KerasNet.Initializers;

/// <summary>An initializer drawing around <see cref="Mean"/> with spread <see cref="Stddev"/>: <see cref="RandomNormal"/> and <see cref="TruncatedNormal"/>.</summary>
public abstract class NormalInitializer : RandomInitializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="mean">The mean.</param>
    /// <param name="stddev">The standard deviation (0 or more).</param>
    /// <param name="seed">The seed, or null for libtorch's global generator.</param>
    private protected NormalInitializer(double mean, double stddev, int? seed) : base(seed)
    {
        if (stddev < 0) throw new ArgumentOutOfRangeException(nameof(stddev), stddev, $"{GetType().Name}: stddev must be >= 0.");
        Mean = mean;
        Stddev = stddev;
    }

    /// <summary>The mean.</summary>
    public double Mean { get; }

    /// <summary>The standard deviation.</summary>
    public double Stddev { get; }

    /// <inheritdoc/>
    protected override Dictionary<string, object?> Arguments() => new() { ["mean"] = Mean, ["stddev"] = Stddev };
}
