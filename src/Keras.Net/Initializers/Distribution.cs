
namespace KerasNet.Initializers;

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
