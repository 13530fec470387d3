
namespace KerasNet.Initializers;

/// <summary>Normal samples redrawn until within two standard deviations of the mean (<see cref="NormalInitializer.Stddev"/> is before truncation).</summary>
public sealed class TruncatedNormal : NormalInitializer
{
    /// <summary>Creates the initializer (Keras defaults mean 0, stddev 0.05).</summary>
    public TruncatedNormal(double mean = 0.0, double stddev = 0.05, int? seed = null) : base(mean, stddev, seed) { }
    /// <inheritdoc/>
    protected override Tensor Draw(long[] shape, ScalarType dtype, (long In, long Out) fans, Generator? generator)
    {
        using var standard = TruncatedStandardNormal(shape, dtype, generator);
        using var scaled = standard * Stddev;
        return scaled + Mean;
    }
}
