
namespace KerasNet.Initializers;

/// <summary>Normal samples.</summary>
public sealed class RandomNormal : Initializer
{
    /// <summary>Creates the initializer (Keras defaults mean 0, stddev 0.05).</summary>
    public RandomNormal(double mean = 0.0, double stddev = 0.05, int? seed = null)
    {
        if (stddev < 0) throw new ArgumentOutOfRangeException(nameof(stddev), stddev, "RandomNormal: stddev must be >= 0.");
        Mean = mean;
        Stddev = stddev;
        Seed = seed;
    }
    /// <summary>The mean.</summary>
    public double Mean { get; }
    /// <summary>The standard deviation.</summary>
    public double Stddev { get; }
    /// <summary>The seed, if any.</summary>
    public int? Seed { get; }
    /// <inheritdoc/>
    public override Tensor Call(long[] shape, ScalarType dtype = ScalarType.Float32, (long In, long Out)? fans = null)
    {
        using var generator = GeneratorFor(Seed);
        return torch.empty(shape, dtype).normal_(Mean, Stddev, generator);
    }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["mean"] = Mean, ["stddev"] = Stddev, ["seed"] = Seed };
}
