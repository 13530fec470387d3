
namespace KerasNet.Initializers;

/// <summary>Samples with variance <c>scale / n</c>, n being fan-in, fan-out or their average (Keras's VarianceScaling).</summary>
public class VarianceScaling : RandomInitializer
{
    // The standard deviation of a standard normal truncated to [-2, 2].
    private const double TruncatedStdCorrection = 0.87962566103423978;

    // Keras's presets (GlorotUniform, HeNormal...) save only their seed.
    private readonly bool preset;

    /// <summary>Creates the initializer.</summary>
    public VarianceScaling(double scale = 1.0, FanMode mode = FanMode.FanIn, Distribution distribution = Distribution.TruncatedNormal, int? seed = null)
        : base(seed)
    {
        if (scale <= 0) throw new ArgumentOutOfRangeException(nameof(scale), scale, "VarianceScaling: scale must be positive.");
        Scale = scale;
        Mode = mode;
        Distribution = distribution;
    }

    /// <summary>Creates one of Keras's presets, whose config holds only the seed.</summary>
    private protected VarianceScaling(double scale, FanMode mode, Distribution distribution, int? seed, bool preset)
        : this(scale, mode, distribution, seed) => this.preset = preset;

    /// <summary>The variance scale.</summary>
    public double Scale { get; }
    /// <summary>The fan used.</summary>
    public FanMode Mode { get; }
    /// <summary>The distribution.</summary>
    public Distribution Distribution { get; }

    /// <inheritdoc/>
    protected override Tensor Draw(long[] shape, ScalarType dtype, (long In, long Out) fans, Generator? generator)
    {
        var (fanIn, fanOut) = fans;
        double n = Mode switch
        {
            FanMode.FanIn => fanIn,
            FanMode.FanOut => fanOut,
            _ => (fanIn + fanOut) / 2.0,
        };
        var variance = Scale / Math.Max(1.0, n);
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
    protected override Dictionary<string, object?> Arguments() => preset ? new() : new()
    {
        ["scale"] = Scale,
        ["mode"] = Serialization.KerasRegistry.ToSnakeCase(Mode.ToString()),
        ["distribution"] = Serialization.KerasRegistry.ToSnakeCase(Distribution.ToString()),
    };
}
