
namespace KerasNet.Initializers;

/// <summary>Normal samples.</summary>
public sealed class RandomNormal : NormalInitializer
{
    /// <summary>Creates the initializer (Keras defaults mean 0, stddev 0.05).</summary>
    public RandomNormal(double mean = 0.0, double stddev = 0.05, int? seed = null) : base(mean, stddev, seed) { }
    /// <inheritdoc/>
    protected override Tensor Draw(long[] shape, ScalarType dtype, (long In, long Out) fans, Generator? generator) =>
        torch.empty(shape, dtype).normal_(Mean, Stddev, generator);
}
