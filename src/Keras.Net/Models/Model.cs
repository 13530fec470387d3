using KerasNet.Layers;

namespace KerasNet.Models;

/// <summary>
/// A layer with training and inference methods. Three ways to make one, as in Keras:
/// functional (<c>new Model(inputs, outputs)</c> over layers applied to <c>Keras.Input</c>),
/// <see cref="Sequential"/>, or a subclass that creates layers in fields and overrides <c>Call</c>.
/// </summary>
public partial class Model : Layer
{
    private readonly FunctionalGraph? graph;

    /// <summary>A functional model from one input to one output.</summary>
    public Model(KerasTensor inputs, KerasTensor outputs, string? name = null, bool trainable = true)
        : this(new[] { inputs }, new[] { outputs }, name, trainable) { }

    /// <summary>A functional model with several inputs and/or outputs.</summary>
    public Model(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs, string? name = null, bool trainable = true)
        : base(name, trainable)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        graph = new FunctionalGraph(inputs, outputs, Name);
        if (!trainable) Trainable = false;
        BuildFor(inputs.Select(i => i.Shape).ToArray());
    }

    /// <summary>For subclasses: create layers in fields, override <c>Call</c>.</summary>
    protected Model(string? name = null, bool trainable = true) : base(name, trainable) { }

    /// <summary>The symbolic inputs of a functional model (null for subclassed models).</summary>
    public IReadOnlyList<KerasTensor>? Inputs => graph?.Inputs;

    /// <summary>The symbolic outputs of a functional model (null for subclassed models).</summary>
    public IReadOnlyList<KerasTensor>? Outputs => graph?.Outputs;

    /// <summary>The layers, in the order they run (a functional model's InputLayers included, as in Keras).</summary>
    public override IReadOnlyList<Layer> Layers => graph?.Layers ?? base.Layers;

    internal FunctionalGraph? Graph => graph;

    /// <summary>The layer named <paramref name="name"/>.</summary>
    public Layer GetLayer(string name) =>
        Layers.FirstOrDefault(l => l.Name == name)
        ?? throw new ArgumentException($"Model '{Name}' has no layer named '{name}'. Its layers are: {string.Join(", ", Layers.Select(l => l.Name))}.", nameof(name));

    /// <summary>The layer at <paramref name="index"/> in <see cref="Layers"/>.</summary>
    public Layer GetLayer(int index) =>
        index >= 0 && index < Layers.Count ? Layers[index]
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"Model '{Name}' has {Layers.Count} layers (indices 0 to {Layers.Count - 1}).");

    /// <summary>
    /// A functional model's layers were built when they were applied to its symbolic inputs, and a subclassed model's
    /// are built by its first call, so a model with several inputs has nothing to build here (a single input goes
    /// to <see cref="Layer.Build(TensorShape)"/>, which Sequential overrides).
    /// </summary>
    protected override void Build(IReadOnlyList<TensorShape> inputShapes)
    {
        if (inputShapes.Count == 1) Build(inputShapes[0]);
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, CallContext context) =>
        graph is not null ? graph.Run(inputs, context, Name) : base.Call(inputs, context);

    /// <inheritdoc/>
    public override IReadOnlyList<TensorShape> ComputeOutputShape(IReadOnlyList<TensorShape> inputShapes) =>
        graph is not null ? graph.Outputs.Select(o => o.Shape).ToArray() : base.ComputeOutputShape(inputShapes);

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) =>
        graph is not null ? graph.Outputs[0].Shape : base.ComputeOutputShape(inputShape);

    /// <inheritdoc/>
    protected override void OnTrainableChanged() => compiled = null;
}
