
namespace KerasNet.Initializers;

/// <summary>Glorot (Xavier) uniform: limit sqrt(6 / (fan_in + fan_out)). Keras's default kernel initializer.</summary>
public sealed class GlorotUniform : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    public GlorotUniform(int? seed = null) : base(1.0, FanMode.FanAvg, Distribution.Uniform, seed, preset: true) { }
}
