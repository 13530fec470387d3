
namespace KerasNet.Initializers;

/// <summary>Uniform samples in [minval, maxval).</summary>
public sealed class RandomUniform : Initializer
{
    /// <summary>Creates the initializer (Keras defaults ±0.05).</summary>
    public RandomUniform(double minval = -0.05, double maxval = 0.05, int? seed = null)
    {
        if (maxval <= minval) throw new ArgumentException($"RandomUniform: maxval ({maxval}) must be greater than minval ({minval}).", nameof(maxval));
        Minval = minval;
        Maxval = maxval;
        Seed = seed;
    }
    /// <summary>The lower bound.</summary>
    public double Minval { get; }
    /// <summary>The upper bound.</summary>
    public double Maxval { get; }
    /// <summary>The seed, if any.</summary>
    public int? Seed { get; }
    /// <inheritdoc/>
    public override Tensor Call(long[] shape, ScalarType dtype = ScalarType.Float32, (long In, long Out)? fans = null)
    {
        using var generator = GeneratorFor(Seed);
        return torch.empty(shape, dtype).uniform_(Minval, Maxval, generator);
    }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["minval"] = Minval, ["maxval"] = Maxval, ["seed"] = Seed };
}

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
