namespace KerasNet.Layers;

/// <summary>The elementwise mean of its inputs.</summary>
public sealed class Average : Merge
{
    /// <summary>Creates the layer.</summary>
    public Average(string? name = null, bool trainable = true) : base(name, trainable) { }
    /// <inheritdoc/>
    protected override Tensor Combine(Tensor a, Tensor b) => a + b;
    /// <inheritdoc/>
    protected override Tensor Finish(Tensor combined, int count) => combined / count;
}
