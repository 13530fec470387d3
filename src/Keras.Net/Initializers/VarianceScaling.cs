
namespace KerasNet.Initializers;

/// <summary>Which fan the variance is scaled by.</summary>
public enum FanMode
{
    /// <summary>Number of inputs.</summary>
    FanIn,
    /// <summary>Number of outputs.</summary>
    FanOut,
    /// <summary>Average of inputs and outputs.</summary>
    FanAvg,
}

/// <summary>Which distribution samples are drawn from.</summary>
public enum Distribution
{
    /// <summary>Normal truncated at two standard deviations (rescaled so the variance is as asked).</summary>
    TruncatedNormal,
    /// <summary>Plain normal.</summary>
    UntruncatedNormal,
    /// <summary>Uniform in [-limit, limit].</summary>
    Uniform,
}

/// <summary>Samples with variance <c>scale / n</c>, n being fan-in, fan-out or their average (Keras's VarianceScaling).</summary>
public class VarianceScaling : Initializer
{
    // The standard deviation of a standard normal truncated to [-2, 2].
    private const double TruncatedStdCorrection = 0.87962566103423978;

    /// <summary>Creates the initializer.</summary>
    public VarianceScaling(double scale = 1.0, FanMode mode = FanMode.FanIn, Distribution distribution = Distribution.TruncatedNormal, int? seed = null)
    {
        if (scale <= 0) throw new ArgumentOutOfRangeException(nameof(scale), scale, "VarianceScaling: scale must be positive.");
        Scale = scale;
        Mode = mode;
        Distribution = distribution;
        Seed = seed;
    }

    /// <summary>The variance scale.</summary>
    public double Scale { get; }
    /// <summary>The fan used.</summary>
    public FanMode Mode { get; }
    /// <summary>The distribution.</summary>
    public Distribution Distribution { get; }
    /// <summary>The seed, if any.</summary>
    public int? Seed { get; }

    /// <inheritdoc/>
    public override Tensor Call(long[] shape, ScalarType dtype = ScalarType.Float32, (long In, long Out)? fans = null)
    {
        var (fanIn, fanOut) = fans ?? ComputeFans(shape);
        double n = Mode switch
        {
            FanMode.FanIn => fanIn,
            FanMode.FanOut => fanOut,
            _ => (fanIn + fanOut) / 2.0,
        };
        var variance = Scale / Math.Max(1.0, n);
        using var generator = GeneratorFor(Seed);
        switch (Distribution)
        {
            case Distribution.Uniform:
                var limit = Math.Sqrt(3.0 * variance);
                return torch.empty(shape, dtype).uniform_(-limit, limit, generator);
            case Distribution.UntruncatedNormal:
                return torch.empty(shape, dtype).normal_(0, Math.Sqrt(variance), generator);
            default:
                using (var standard = TruncatedStandardNormal(shape, dtype, generator))
                    return standard * (Math.Sqrt(variance) / TruncatedStdCorrection);
        }
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["scale"] = Scale,
        ["mode"] = Serialization.KerasRegistry.ToSnakeCase(Mode.ToString()),
        ["distribution"] = Serialization.KerasRegistry.ToSnakeCase(Distribution.ToString()),
        ["seed"] = Seed,
    };
}

/// <summary>Glorot (Xavier) uniform: limit sqrt(6 / (fan_in + fan_out)). Keras's default kernel initializer.</summary>
public sealed class GlorotUniform : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    public GlorotUniform(int? seed = null) : base(1.0, FanMode.FanAvg, Distribution.Uniform, seed) { }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}

/// <summary>Glorot (Xavier) truncated normal: stddev sqrt(2 / (fan_in + fan_out)).</summary>
public sealed class GlorotNormal : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    public GlorotNormal(int? seed = null) : base(1.0, FanMode.FanAvg, Distribution.TruncatedNormal, seed) { }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}

/// <summary>He uniform: limit sqrt(6 / fan_in).</summary>
public sealed class HeUniform : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    public HeUniform(int? seed = null) : base(2.0, FanMode.FanIn, Distribution.Uniform, seed) { }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}

/// <summary>He truncated normal: stddev sqrt(2 / fan_in).</summary>
public sealed class HeNormal : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    public HeNormal(int? seed = null) : base(2.0, FanMode.FanIn, Distribution.TruncatedNormal, seed) { }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}

/// <summary>LeCun uniform: limit sqrt(3 / fan_in).</summary>
public sealed class LecunUniform : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    public LecunUniform(int? seed = null) : base(1.0, FanMode.FanIn, Distribution.Uniform, seed) { }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}

/// <summary>LeCun truncated normal: stddev sqrt(1 / fan_in).</summary>
public sealed class LecunNormal : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    public LecunNormal(int? seed = null) : base(1.0, FanMode.FanIn, Distribution.TruncatedNormal, seed) { }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
