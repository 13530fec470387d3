
namespace KerasNet.Initializers;

/// <summary>Uniform samples in [minval, maxval).</summary>
public sealed class RandomUniform : RandomInitializer
{
    /// <summary>Creates the initializer (Keras defaults ±0.05).</summary>
    public RandomUniform(double minval = -0.05, double maxval = 0.05, int? seed = null) : base(seed)
    {
        if (maxval <= minval) throw new ArgumentException($"RandomUniform: maxval ({maxval}) must be greater than minval ({minval}).", nameof(maxval));
        Minval = minval;
        Maxval = maxval;
    }
    /// <summary>The lower bound.</summary>
    public double Minval { get; }
    /// <summary>The upper bound.</summary>
    public double Maxval { get; }
    /// <inheritdoc/>
    protected override Tensor Draw(long[] shape, ScalarType dtype, (long In, long Out) fans, Generator? generator) =>
        torch.empty(shape, dtype).uniform_(Minval, Maxval, generator);
    /// <inheritdoc/>
    protected override Dictionary<string, object?> Arguments() => new() { ["minval"] = Minval, ["maxval"] = Maxval };
}
