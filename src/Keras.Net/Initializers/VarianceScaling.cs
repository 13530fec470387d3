
namespace KerasNet.Initializers;

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
