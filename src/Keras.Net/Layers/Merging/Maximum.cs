namespace KerasNet.Layers;

/// <summary>The elementwise maximum of its inputs.</summary>
public sealed class Maximum : Merge
{
    /// <summary>Creates the layer.</summary>
    public Maximum(string? name = null, bool trainable = true) : base(name, trainable) { }
    /// <inheritdoc/>
    protected override Tensor Combine(Tensor a, Tensor b) => a.maximum(b);
}
