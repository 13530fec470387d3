
namespace KerasNet.Initializers;

/// <summary>Every element equal to <see cref="Value"/>.</summary>
public sealed class Constant : Initializer
{
    /// <summary>Creates the initializer.</summary>
    public Constant(double value = 0.0) => Value = value;
    /// <summary>The value.</summary>
    public double Value { get; }
    /// <inheritdoc/>
    public override Tensor Call(long[] shape, ScalarType dtype = ScalarType.Float32, (long In, long Out)? fans = null) => torch.full(shape, Value, dtype);
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["value"] = Value };
}
