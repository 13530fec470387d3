namespace KerasNet.Layers;

/// <summary>The dot product of two (batch, features) inputs (or along given axes), optionally of L2-normalized inputs (cosine similarity).</summary>
public sealed class Dot : Layer
{
    /// <summary>Creates the layer.</summary>
    public Dot(long[] axes, bool normalize = false, string? name = null, bool trainable = true) : base(name, trainable)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Length is not (1 or 2)) throw new ArgumentException("Dot: axes must be one axis or one per input.", nameof(axes));
        Axes = axes.Length == 1 ? new[] { axes[0], axes[0] } : axes;
        Normalize = normalize;
    }

    /// <summary>The reduced axis of each input.</summary>
    public long[] Axes { get; }
    /// <summary>L2-normalize along the axes first.</summary>
    public bool Normalize { get; }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<TensorShape> inputShapes)
    {
        if (inputShapes.Count != 2) throw new ArgumentException($"Dot '{Name}' needs exactly 2 inputs; received {inputShapes.Count}.");
        var a = inputShapes[0][(int)Resolve(Axes[0], inputShapes[0].Rank)];
        var b = inputShapes[1][(int)Resolve(Axes[1], inputShapes[1].Rank)];
        if (a is not null && b is not null && a != b)
            throw new ArgumentException($"Dot '{Name}': the reduced axes differ in size ({a} vs {b}) for inputs {inputShapes[0]} and {inputShapes[1]}.");
    }

    private static int Resolve(long axis, int rank) => (int)(axis < 0 ? axis + rank : axis);

    /// <inheritdoc/>
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        using var scope = torch.NewDisposeScope();
        var x = inputs[0];
        var y = inputs[1];
        var ax = Resolve(Axes[0], (int)x.dim());
        var ay = Resolve(Axes[1], (int)y.dim());
        if (Normalize)
        {
            x = torch.nn.functional.normalize(x, dim: ax);
            y = torch.nn.functional.normalize(y, dim: ay);
        }
        // Batched contraction: move the reduced axis last in x and first (after batch) in y, then bmm.
        var xm = x.movedim(ax, -1).reshape(x.size(0), -1, x.size(ax));
        var ym = y.movedim(ay, 1).reshape(y.size(0), y.size(ay), -1);
        var result = torch.bmm(xm, ym);
        var shape = new List<long> { x.size(0) };
        shape.AddRange(x.shape.Where((_, i) => i != 0 && i != ax));
        shape.AddRange(y.shape.Where((_, i) => i != 0 && i != ay));
        if (shape.Count == 1) shape.Add(1);
        return new[] { result.reshape(shape.ToArray()).MoveToOuterDisposeScope() };
    }

    /// <inheritdoc/>
    public override IReadOnlyList<TensorShape> ComputeOutputShape(IReadOnlyList<TensorShape> inputShapes)
    {
        var ax = Resolve(Axes[0], inputShapes[0].Rank);
        var ay = Resolve(Axes[1], inputShapes[1].Rank);
        var dims = new List<long?> { inputShapes[0][0] };
        dims.AddRange(inputShapes[0].Dims.Where((_, i) => i != 0 && i != ax));
        dims.AddRange(inputShapes[1].Dims.Where((_, i) => i != 0 && i != ay));
        if (dims.Count == 1) dims.Add(1);
        return new[] { new TensorShape(dims.ToArray()) };
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["axes"] = Axes;
        config["normalize"] = Normalize;
        return config;
    }
}
