namespace KerasNet.Layers;

/// <summary>The elementwise product of its inputs.</summary>
public sealed class Multiply : Merge
{
    /// <summary>Creates the layer.</summary>
    public Multiply(string? name = null, bool trainable = true) : base(name, trainable) { }
    /// <inheritdoc/>
    protected override Tensor Combine(Tensor a, Tensor b) => a * b;
}
