namespace KerasNet.Layers;

/// <summary>Permutes the axes of each sample; <see cref="Dims"/> are 1-based, the batch axis excluded, as in Keras.</summary>
public sealed class Permute : Layer
{
    /// <summary>Creates the layer, e.g. <c>new Permute(new long[] { 2, 1 })</c> to swap the two axes of each sample.</summary>
    public Permute(long[] dims, string? name = null, bool trainable = true) : base(name, trainable)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (!dims.OrderBy(d => d).SequenceEqual(Enumerable.Range(1, dims.Length).Select(i => (long)i)))
            throw new ArgumentException($"Permute: dims ({string.Join(", ", dims)}) must be a permutation of 1..{dims.Length} (the batch axis 0 is not included).", nameof(dims));
        Dims = dims;
    }

    /// <summary>The new order of the sample axes (1-based).</summary>
    public long[] Dims { get; }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != Dims.Length + 1) throw ShapeError($"input of rank {Dims.Length + 1}", inputShape);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context) => inputs.permute(new long[] { 0 }.Concat(Dims).ToArray());

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) =>
        new(new[] { inputShape[0] }.Concat(Dims.Select(d => inputShape[(int)d])).ToArray());

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["dims"] = Dims;
        return config;
    }
}
