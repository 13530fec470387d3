
namespace KerasNet.Initializers;

/// <summary>Uniform samples in [minval, maxval).</summary>
public sealed class RandomUniform : Initializer
{
    /// <summary>Creates the initializer (Keras defaults ±0.05).</summary>
    public RandomUniform(double minval = -0.05, double maxval = 0.05, int? seed = null)
    {
        if (maxval <= minval) throw new ArgumentException($"RandomUniform: maxval ({maxval}) must be greater than minval ({minval}).", nameof(maxval));
        Minval = minval;
        Maxval = maxval;
        Seed = seed;
    }
    /// <summary>The lower bound.</summary>
    public double Minval { get; }
    /// <summary>The upper bound.</summary>
    public double Maxval { get; }
    /// <summary>The seed, if any.</summary>
    public int? Seed { get; }
    /// <inheritdoc/>
    public override Tensor Call(long[] shape, ScalarType dtype = ScalarType.Float32, (long In, long Out)? fans = null)
    {
        using var generator = GeneratorFor(Seed);
        return torch.empty(shape, dtype).uniform_(Minval, Maxval, generator);
    }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["minval"] = Minval, ["maxval"] = Maxval, ["seed"] = Seed };
}
