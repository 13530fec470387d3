
namespace KerasNet.Initializers;

/// <summary>LeCun truncated normal: stddev sqrt(1 / fan_in).</summary>
public sealed class LecunNormal : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    public LecunNormal(int? seed = null) : base(1.0, FanMode.FanIn, Distribution.TruncatedNormal, seed, preset: true) { }
}
