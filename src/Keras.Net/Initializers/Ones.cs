
namespace KerasNet.Initializers;

/// <summary>All ones.</summary>
public sealed class Ones : Initializer
{
    /// <inheritdoc/>
    public override Tensor Call(long[] shape, ScalarType dtype = ScalarType.Float32, (long In, long Out)? fans = null) => torch.ones(shape, dtype);
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new();
}
