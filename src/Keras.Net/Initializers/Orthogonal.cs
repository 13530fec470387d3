
namespace KerasNet.Initializers;

/// <summary>
/// A (semi-)orthogonal matrix times <see cref="Gain"/>: the weight is viewed as rows = shape[0] by columns = the rest,
/// and the Q factor of a QR decomposition of a normal matrix (signs fixed by R's diagonal) fills it.
/// </summary>
public sealed class Orthogonal : RandomInitializer
{
    /// <summary>Creates the initializer.</summary>
    public Orthogonal(double gain = 1.0, int? seed = null) : base(seed) => Gain = gain;

    /// <summary>The multiplier.</summary>
    public double Gain { get; }

    /// <inheritdoc/>
    protected override Tensor Draw(long[] shape, ScalarType dtype, (long In, long Out) fans, Generator? generator)
    {
        if (shape.Length < 2)
            throw new ArgumentException($"Orthogonal needs a weight of rank 2 or more; received shape {Shape.Format(shape)}.", nameof(shape));
        var rows = shape[0];
        var columns = shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        using var scope = torch.NewDisposeScope();
        var flat = torch.randn(new[] { Math.Max(rows, columns), Math.Min(rows, columns) }, ScalarType.Float32, generator: generator);
        var (q, r) = torch.linalg.qr(flat);
        var signs = r.diagonal().sign();
        q = q * signs;
        if (rows < columns) q = q.t();
        return (q.reshape(shape) * Gain).to(dtype).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    protected override Dictionary<string, object?> Arguments() => new() { ["gain"] = Gain };
}
