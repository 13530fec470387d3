namespace KerasNet.Layers;

/// <summary>The base of layers that combine several inputs of the same shape elementwise (with broadcasting).</summary>
public abstract class Merge : Layer
{
    /// <summary>Creates the layer.</summary>
    protected Merge(string? name, bool trainable) : base(name, trainable) { }

    /// <summary>The smallest number of inputs.</summary>
    protected virtual int MinimumInputs => 2;

    /// <summary>Combines two tensors.</summary>
    protected abstract Tensor Combine(Tensor a, Tensor b);

    /// <summary>Post-processes the combination of <paramref name="count"/> inputs (Average divides).</summary>
    protected virtual Tensor Finish(Tensor combined, int count) => combined;

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<TensorShape> inputShapes)
    {
        if (inputShapes.Count < MinimumInputs)
            throw new ArgumentException($"{GetType().Name} '{Name}' needs at least {MinimumInputs} inputs; received {inputShapes.Count}.");
        CheckShapes(inputShapes);
    }

    /// <summary>Checks that the inputs can be combined.</summary>
    protected virtual void CheckShapes(IReadOnlyList<TensorShape> shapes)
    {
        var first = shapes[0];
        foreach (var shape in shapes.Skip(1))
            if (!Broadcastable(first, shape))
                throw new ArgumentException($"{GetType().Name} '{Name}' needs inputs of the same (or broadcastable) shape; received {string.Join(" and ", shapes)}.");
    }

    private static bool Broadcastable(TensorShape a, TensorShape b)
    {
        for (int i = a.Rank - 1, j = b.Rank - 1; i >= 0 && j >= 0; i--, j--)
            if (a[i] is { } x && b[j] is { } y && x != y && x != 1 && y != 1) return false;
        return true;
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        if (inputs.Count < MinimumInputs)
            throw new ArgumentException($"{GetType().Name} '{Name}' needs at least {MinimumInputs} inputs; received {inputs.Count}.");
        using var scope = torch.NewDisposeScope();
        var result = inputs[0];
        for (var i = 1; i < inputs.Count; i++) result = Combine(result, inputs[i]);
        return new[] { Finish(result, inputs.Count).MoveToOuterDisposeScope() };
    }

    /// <summary>The inputs' masks combined: a step is kept where every masked input keeps it (null when none is masked).</summary>
    public override Tensor? ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks)
    {
        ArgumentNullException.ThrowIfNull(masks);
        Tensor? combined = null;
        foreach (var mask in masks)
            if (mask is not null) combined = combined is null ? mask : combined.logical_and(mask);
        return combined;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<TensorShape> ComputeOutputShape(IReadOnlyList<TensorShape> inputShapes)
    {
        var rank = inputShapes.Max(s => s.Rank);
        var dims = new long?[rank];
        for (var i = 1; i <= rank; i++)
        {
            long? size = 1;
            foreach (var shape in inputShapes)
            {
                if (shape.Rank < i) continue;
                var d = shape[shape.Rank - i];
                if (d is null) size = size == 1 ? null : size;
                else if (d != 1) size = d;
            }
            dims[rank - i] = size;
        }
        return new[] { new TensorShape(dims) };
    }
}
