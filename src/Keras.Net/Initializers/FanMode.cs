
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
