namespace KerasNet.Layers;

/// <summary>The first input minus the second (exactly two inputs).</summary>
public sealed class Subtract : Merge
{
    /// <summary>Creates the layer.</summary>
    public Subtract(string? name = null, bool trainable = true) : base(name, trainable) { }
    /// <inheritdoc/>
    protected override void CheckShapes(IReadOnlyList<TensorShape> shapes)
    {
        if (shapes.Count != 2) throw new ArgumentException($"Subtract '{Name}' needs exactly 2 inputs; received {shapes.Count}.");
        base.CheckShapes(shapes);
    }
    /// <inheritdoc/>
    protected override Tensor Combine(Tensor a, Tensor b) => a - b;
}
