
namespace KerasNet.Initializers;

/// <summary>All zeros. Keras's default bias initializer.</summary>
public sealed class Zeros : Initializer
{
    /// <inheritdoc/>
    public override Tensor Call(long[] shape, ScalarType dtype = ScalarType.Float32, (long In, long Out)? fans = null) => torch.zeros(shape, dtype);
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new();
}
