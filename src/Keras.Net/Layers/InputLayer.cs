
namespace KerasNet.Layers;

/// <summary>The entry point of a functional model: it has no weights and passes its input through.</summary>
public sealed class InputLayer : Layer
{
    /// <summary>Creates an input of <paramref name="shape"/> (without the batch axis).</summary>
    public InputLayer(long[] shape, ScalarType dtype = ScalarType.Float32, long? batchSize = null, string? name = null, bool trainable = true)
        : base(name ?? LayerNames.Next("input_layer"), trainable)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Any(s => s < -1 || s == 0))
            throw new ArgumentException($"Input shape ({string.Join(", ", shape)}) is invalid: sizes must be positive (or -1 for unknown).", nameof(shape));
        Shape = shape;
        DType = dtype;
        BatchSize = batchSize;
        Output = new KerasTensor(new TensorShape(new long?[] { batchSize }.Concat(shape.Select(s => s < 0 ? (long?)null : s)).ToArray()),
            dtype, new Node(this, Array.Empty<KerasTensor>()), 0, Name);
        Output.Node.Outputs.Add(Output);
        InboundNodes.Add(Output.Node);
        BuildFor(Output.Shape);
    }

    /// <summary>The shape without the batch axis.</summary>
    public long[] Shape { get; }

    /// <summary>The element type.</summary>
    public ScalarType DType { get; }

    /// <summary>A fixed batch size, if any.</summary>
    public long? BatchSize { get; }

    /// <summary>The symbolic tensor this input stands for.</summary>
    public KerasTensor Output { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context) => inputs.alias();

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["shape"] = Shape;
        config["dtype"] = DType.ToTorchName();
        config["batch_size"] = BatchSize;
        return config;
    }
}
