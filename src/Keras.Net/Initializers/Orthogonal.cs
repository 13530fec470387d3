
namespace KerasNet.Initializers;

/// <summary>
/// A (semi-)orthogonal matrix times <see cref="Gain"/>: the weight is viewed as rows = shape[0] by columns = the rest,
/// and the Q factor of a QR decomposition of a normal matrix (signs fixed by R's diagonal) fills it.
/// </summary>
public sealed class Orthogonal : Initializer
{
    /// <summary>Creates the initializer.</summary>
    public Orthogonal(double gain = 1.0, int? seed = null)
    {
        Gain = gain;
        Seed = seed;
    }

    /// <summary>The multiplier.</summary>
    public double Gain { get; }

    /// <summary>The seed, if any.</summary>
    public int? Seed { get; }

    /// <inheritdoc/>
    public override Tensor Call(long[] shape, ScalarType dtype = ScalarType.Float32, (long In, long Out)? fans = null)
    {
        if (shape.Length < 2)
            throw new ArgumentException($"Orthogonal needs a weight of rank 2 or more; received shape {Shape.Format(shape)}.", nameof(shape));
        var rows = shape[0];
        var columns = shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        using var scope = torch.NewDisposeScope();
        using var generator = GeneratorFor(Seed);
        var flat = torch.randn(new[] { Math.Max(rows, columns), Math.Min(rows, columns) }, ScalarType.Float32, generator: generator);
        var (q, r) = torch.linalg.qr(flat);
        var signs = r.diagonal().sign();
        q = q * signs;
        if (rows < columns) q = q.t();
        return (q.reshape(shape) * Gain).to(dtype).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["gain"] = Gain, ["seed"] = Seed };
}
