namespace KerasNet.Layers;

/// <summary>The elementwise minimum of its inputs.</summary>
public sealed class Minimum : Merge
{
    /// <summary>Creates the layer.</summary>
    public Minimum(string? name = null, bool trainable = true) : base(name, trainable) { }
    /// <inheritdoc/>
    protected override Tensor Combine(Tensor a, Tensor b) => a.minimum(b);
}
