namespace KerasNet.Initializers;

/// <summary><see cref="Gain"/> times the identity matrix (ones on the main diagonal of a rectangular matrix); 2-D weights only.</summary>
public sealed class Identity : Initializer
{
    /// <summary>Creates the initializer.</summary>
    public Identity(double gain = 1.0) =>
        Gain = double.IsFinite(gain) ? gain : throw new ArgumentOutOfRangeException(nameof(gain), gain, $"Identity: gain must be a finite number; received {gain}.");

    /// <summary>The multiplier.</summary>
    public double Gain { get; }

    /// <inheritdoc/>
    public override Tensor Call(long[] shape, ScalarType dtype = ScalarType.Float32, (long In, long Out)? fans = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length != 2)
            throw new ArgumentException($"Identity initializes 2-D weights only; received shape {Shape.Format(shape)}. Use it for Dense kernels, or another initializer.", nameof(shape));
        using var scope = torch.NewDisposeScope();
        return (torch.eye(shape[0], shape[1], dtype) * Gain).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["gain"] = Gain };
}
