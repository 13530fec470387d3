
namespace KerasNet.Initializers;

/// <summary>He truncated normal: stddev sqrt(2 / fan_in).</summary>
public sealed class HeNormal : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    public HeNormal(int? seed = null) : base(2.0, FanMode.FanIn, Distribution.TruncatedNormal, seed, preset: true) { }
}
