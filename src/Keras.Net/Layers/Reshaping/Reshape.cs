
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

/// <summary>Repeats a (batch, features) input <see cref="N"/> times: (batch, n, features).</summary>
public sealed class RepeatVector : Layer
{
    /// <summary>Creates the layer.</summary>
    public RepeatVector(long n, string? name = null, bool trainable = true) : base(name, trainable) =>
        N = n > 0 ? n : throw new ArgumentOutOfRangeException(nameof(n), n, "RepeatVector: n must be positive.");

    /// <summary>The number of repetitions.</summary>
    public long N { get; }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != 2) throw ShapeError("input of rank 2 (batch, features)", inputShape);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        using var expanded = inputs.unsqueeze(1);
        return expanded.expand(new[] { inputs.size(0), N, inputs.size(1) }).contiguous();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => new(inputShape[0], N, inputShape[1]);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["n"] = N;
        return config;
    }
}
