
namespace KerasNet.Initializers;

/// <summary>Normal samples redrawn until within two standard deviations of the mean.</summary>
public sealed class TruncatedNormal : Initializer
{
    /// <summary>Creates the initializer (Keras defaults mean 0, stddev 0.05).</summary>
    public TruncatedNormal(double mean = 0.0, double stddev = 0.05, int? seed = null)
    {
        if (stddev < 0) throw new ArgumentOutOfRangeException(nameof(stddev), stddev, "TruncatedNormal: stddev must be >= 0.");
        Mean = mean;
        Stddev = stddev;
        Seed = seed;
    }
    /// <summary>The mean.</summary>
    public double Mean { get; }
    /// <summary>The standard deviation before truncation.</summary>
    public double Stddev { get; }
    /// <summary>The seed, if any.</summary>
    public int? Seed { get; }
    /// <inheritdoc/>
    public override Tensor Call(long[] shape, ScalarType dtype = ScalarType.Float32, (long In, long Out)? fans = null)
    {
        using var generator = GeneratorFor(Seed);
        using var standard = TruncatedStandardNormal(shape, dtype, generator);
        using var scaled = standard * Stddev;
        return scaled + Mean;
    }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["mean"] = Mean, ["stddev"] = Stddev, ["seed"] = Seed };
}
