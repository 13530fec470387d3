
namespace KerasNet.Initializers;

/// <summary>LeCun uniform: limit sqrt(3 / fan_in).</summary>
public sealed class LecunUniform : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    public LecunUniform(int? seed = null) : base(1.0, FanMode.FanIn, Distribution.Uniform, seed, preset: true) { }
}
