using System.Collections.Concurrent;
using KerasNet.Serialization;

namespace KerasNet.Layers;

/// <summary>
/// Wraps a function as a layer. A Lambda holds code, which cannot be written into a config: register the function
/// under a name with <see cref="Register"/> to make the layer saveable; unregistered lambdas refuse to serialize.
/// </summary>
public sealed class Lambda : Layer
{
    private static readonly ConcurrentDictionary<string, Func<Tensor, Tensor>> Functions = new(StringComparer.Ordinal);
    private readonly Func<Tensor, Tensor> function;

    /// <summary>Wraps <paramref name="function"/>; <paramref name="outputShape"/> maps an input shape to the output shape (found by running the function if omitted).</summary>
    public Lambda(Func<Tensor, Tensor> function, Func<TensorShape, TensorShape>? outputShape = null, string? name = null, bool trainable = true)
        : base(name, trainable)
    {
        this.function = function ?? throw new ArgumentNullException(nameof(function));
        OutputShapeFunction = outputShape;
    }

    /// <summary>Recreates a Lambda from the name its function was registered under.</summary>
    public Lambda(string function, string? name = null, bool trainable = true) : base(name, trainable)
    {
        if (!Functions.TryGetValue(function, out var registered))
            throw new KerasSerializationException($"Lambda function '{function}' is not registered. Call Lambda.Register(\"{function}\", x => ...) before loading.");
        this.function = registered;
        FunctionName = function;
    }

    /// <summary>The registered name of the function, if it has one.</summary>
    public string? FunctionName { get; private set; }

    /// <summary>The output-shape function, if given.</summary>
    public Func<TensorShape, TensorShape>? OutputShapeFunction { get; }

    /// <summary>Registers a function so Lambda layers using it can be saved and loaded.</summary>
    public static void Register(string name, Func<Tensor, Tensor> function)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Functions[name] = function ?? throw new ArgumentNullException(nameof(function));
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context) => function(inputs);

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) =>
        OutputShapeFunction?.Invoke(inputShape) ?? InferOutputShapes(new[] { inputShape })[0];

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        FunctionName ??= Functions.FirstOrDefault(p => p.Value == function).Key;
        if (FunctionName is null)
            throw new KerasSerializationException(
                $"Lambda layer '{Name}' wraps an unregistered function, which cannot be saved. Register it with Lambda.Register(name, function) first.");
        var config = base.GetConfig();
        config["function"] = FunctionName;
        return config;
    }
}
