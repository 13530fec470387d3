namespace KerasNet.Layers;

/// <summary>Reshapes each sample to <see cref="TargetShape"/> (without the batch axis; one size may be -1).</summary>
public sealed class Reshape : Layer
{
    /// <summary>Creates the layer.</summary>
    public Reshape(long[] targetShape, string? name = null, bool trainable = true) : base(name, trainable)
    {
        ArgumentNullException.ThrowIfNull(targetShape);
        if (targetShape.Count(s => s == -1) > 1 || targetShape.Any(s => s == 0 || s < -1))
            throw new ArgumentException($"Reshape: targetShape ({string.Join(", ", targetShape)}) must have positive sizes and at most one -1.", nameof(targetShape));
        TargetShape = targetShape;
    }

    /// <summary>The shape of each sample.</summary>
    public long[] TargetShape { get; }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.FeatureSize() is not { } size) return;
        var known = TargetShape.Where(s => s > 0).Aggregate(1L, (a, b) => a * b);
        var fits = TargetShape.Contains(-1) ? size % known == 0 : size == known;
        if (!fits)
            throw ShapeError($"samples of {known}{(TargetShape.Contains(-1) ? " × k" : "")} elements to reshape to ({string.Join(", ", TargetShape)})", inputShape,
                $"Each sample has {size} elements.");
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context) => inputs.reshape(new[] { inputs.size(0) }.Concat(TargetShape).ToArray());

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape)
    {
        var dims = TargetShape.Select(s => (long?)s).ToArray();
        var missing = Array.IndexOf(TargetShape, -1L);
        if (missing >= 0)
            dims[missing] = inputShape.FeatureSize() is { } size ? size / TargetShape.Where(s => s > 0).Aggregate(1L, (a, b) => a * b) : null;
        return new TensorShape(new[] { inputShape[0] }.Concat(dims).ToArray());
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["target_shape"] = TargetShape;
        return config;
    }
}
