namespace KerasNet.Layers;

/// <summary>Joins its inputs along <see cref="Axis"/> (Keras default: the last axis); other axes must match.</summary>
public sealed class Concatenate : Layer
{
    /// <summary>Creates the layer.</summary>
    public Concatenate(int axis = -1, string? name = null, bool trainable = true) : base(name, trainable) => Axis = axis;

    /// <summary>The joined axis.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<TensorShape> inputShapes)
    {
        if (inputShapes.Count < 2) throw new ArgumentException($"Concatenate '{Name}' needs at least 2 inputs; received {inputShapes.Count}.");
        var rank = inputShapes[0].Rank;
        var axis = Axis < 0 ? Axis + rank : Axis;
        if (axis < 1 || axis >= rank || inputShapes.Any(s => s.Rank != rank))
            throw new ArgumentException($"Concatenate '{Name}' needs inputs of the same rank with axis {Axis} inside it (not the batch axis); received {string.Join(", ", inputShapes)}.");
        for (var i = 1; i < rank; i++)
        {
            if (i == axis) continue;
            var sizes = inputShapes.Select(s => s[i]).Where(s => s is not null).Distinct().ToList();
            if (sizes.Count > 1)
                throw new ArgumentException($"Concatenate '{Name}' needs every axis but {Axis} to match; axis {i} differs in {string.Join(", ", inputShapes)}.");
        }
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, CallContext context) => new[] { torch.cat(inputs.ToArray(), Axis) };

    /// <summary>
    /// As Keras 3: every input's mask widened to the input's shape (all true for an unmasked input; a mask with one
    /// axis fewer is repeated along the input's last axis), concatenated along <see cref="Axis"/>, then reduced with
    /// "any" over the last axis. Null when no input is masked.
    /// </summary>
    public override Tensor? ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(masks);
        if (masks.All(m => m is null)) return null;
        var widened = new Tensor[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            var mask = masks[i];
            widened[i] = mask is null ? torch.ones_like(inputs[i]).to(ScalarType.Bool)
                : mask.dim() < inputs[i].dim() ? mask.to(ScalarType.Bool).unsqueeze(-1).expand_as(inputs[i])
                : mask.to(ScalarType.Bool);
        }
        return torch.cat(widened, Axis).any(-1);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<TensorShape> ComputeOutputShape(IReadOnlyList<TensorShape> inputShapes)
    {
        var rank = inputShapes[0].Rank;
        var axis = Axis < 0 ? Axis + rank : Axis;
        var dims = inputShapes[0].Dims.ToArray();
        dims[axis] = inputShapes.Any(s => s[axis] is null) ? null : inputShapes.Sum(s => s[axis]!.Value);
        return new[] { new TensorShape(dims) };
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = Axis;
        return config;
    }
}
