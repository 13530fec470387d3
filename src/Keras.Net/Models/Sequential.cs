using KerasNet.Layers;
using KerasNet.Serialization;

namespace KerasNet.Models;

/// <summary>A plain stack of layers, each with one input and one output.</summary>
public sealed class Sequential : Model
{
    private readonly List<Layer> stack = new();
    private InputLayer? inputLayer;

    /// <summary>Creates the model from layers; start with an <see cref="InputLayer"/> (or <c>Keras.Input(...)</c>) to build it at once.</summary>
    public Sequential(IEnumerable<Layer>? layers = null, string? name = null, bool trainable = true) : base(name, trainable)
    {
        if (layers is null) return;
        foreach (var layer in layers) Add(layer);
    }

    /// <summary>The layers (without the input layer, as in Keras).</summary>
    public override IReadOnlyList<Layer> Layers => stack;

    /// <summary>Appends a layer.</summary>
    public Sequential Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer is InputLayer input)
        {
            if (stack.Count > 0 || inputLayer is not null)
                throw new ArgumentException($"Sequential '{Name}': an InputLayer can only be the first layer.", nameof(layer));
            inputLayer = input;
            BuildFor(input.Output.Shape);
            return this;
        }
        if (stack.Contains(layer)) throw new ArgumentException($"Sequential '{Name}' already contains layer '{layer.Name}'.", nameof(layer));
        stack.Add(layer);
        if (inputLayer is not null) RebuildShapes();
        return this;
    }

    /// <summary>Removes the last layer.</summary>
    public Layer Pop()
    {
        if (stack.Count == 0) throw new InvalidOperationException($"Sequential '{Name}' has no layers to pop.");
        var last = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return last;
    }

    /// <summary>The input layer, if the model was given one.</summary>
    public InputLayer? InputLayer => inputLayer;

    private void RebuildShapes()
    {
        var shape = inputLayer!.Output.Shape;
        foreach (var layer in stack)
        {
            layer.BuildFor(shape);
            shape = layer.ComputeOutputShape(shape);
        }
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape)
    {
        var shape = inputShape;
        foreach (var layer in stack)
        {
            layer.BuildFor(shape);
            shape = layer.ComputeOutputShape(shape);
        }
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        if (stack.Count == 0) throw new InvalidOperationException($"Sequential '{Name}' has no layers: add some before calling it.");
        if (inputLayer is not null)
        {
            var expected = inputLayer.Output.Shape;
            var received = TensorShape.Of(inputs.shape);
            if (!expected.IsCompatibleWith(received))
                throw new ArgumentException($"Sequential '{Name}' expects input of shape {expected}; received {received}.");
        }
        // Intermediate results belong to the caller's dispose scope (Fit/Evaluate/Predict open one per batch).
        var x = inputs;
        foreach (var layer in stack)
            x = layer.CallWithChecks(new[] { x }, context)[0];
        return ReferenceEquals(x, inputs) ? x.alias() : x;
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        if (inputs.Count != 1) throw TooManyInputs(inputs.Count);
        return new[] { Call(inputs[0], context) };
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape)
    {
        var shape = inputShape;
        foreach (var layer in stack) shape = layer.ComputeOutputShape(shape);
        return shape;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<TensorShape> ComputeOutputShape(IReadOnlyList<TensorShape> inputShapes)
    {
        if (inputShapes.Count != 1) throw TooManyInputs(inputShapes.Count);
        return new[] { ComputeOutputShape(inputShapes[0]) };
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        var layers = new List<object?>();
        if (inputLayer is not null) layers.Add(KerasRegistry.Serialize(inputLayer));
        layers.AddRange(stack.Select(l => (object?)KerasRegistry.Serialize(l)));
        config["layers"] = layers;
        return config;
    }

    /// <summary>Recreates a Sequential model, layers included, from <see cref="GetConfig"/>'s output.</summary>
    public static new Sequential FromConfig(IReadOnlyDictionary<string, object?> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        // Values parsed from JSON arrive as JsonElements: turn them into plain values first.
        object? Value(string key) => config.TryGetValue(key, out var v) ? v is System.Text.Json.JsonElement json ? KerasRegistry.FromJson(json) : v : null;
        if (Value("layers") is not System.Collections.IEnumerable list || list is string)
            throw new KerasSerializationException("A Sequential config needs a 'layers' list.");
        var name = Value("name") as string;
        var trainable = Value("trainable") is not bool b || b;
        return new Sequential(list.Cast<object?>().Select(l => KerasRegistry.Deserialize<Layer>(KerasRegistry.AsDictionary(l))), name, trainable);
    }
}
