namespace KerasNet.Layers;

/// <summary>The sum of its inputs.</summary>
public sealed class Add : Merge
{
    /// <summary>Creates the layer.</summary>
    public Add(string? name = null, bool trainable = true) : base(name, trainable) { }
    /// <inheritdoc/>
    protected override Tensor Combine(Tensor a, Tensor b) => a + b;
}
