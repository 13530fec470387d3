
namespace KerasNet.Initializers;

/// <summary>Glorot (Xavier) truncated normal: stddev sqrt(2 / (fan_in + fan_out)).</summary>
public sealed class GlorotNormal : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    public GlorotNormal(int? seed = null) : base(1.0, FanMode.FanAvg, Distribution.TruncatedNormal, seed, preset: true) { }
}
