
namespace KerasNet.Initializers;

/// <summary>He uniform: limit sqrt(6 / fan_in).</summary>
public sealed class HeUniform : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    public HeUniform(int? seed = null) : base(2.0, FanMode.FanIn, Distribution.Uniform, seed, preset: true) { }
}
