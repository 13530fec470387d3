
namespace KerasNet;

/// <summary>
/// A symbolic tensor of the functional API: a shape and dtype, and the layer call that produces it. Created by
/// <c>Keras.Input</c> and by applying layers to other symbolic tensors; turned into a model with
/// <c>new Model(inputs, outputs)</c>.
/// </summary>
public sealed class KerasTensor
{
    internal KerasTensor(TensorShape shape, ScalarType dtype, Node node, int outputIndex, string name)
        => (Shape, DType, Node, OutputIndex, Name) = (shape, dtype, node, outputIndex, name);

    /// <summary>The shape, with <c>None</c> for the batch axis.</summary>
    public TensorShape Shape { get; }

    /// <summary>The element type.</summary>
    public ScalarType DType { get; }

    /// <summary>A readable name (the producing layer's name).</summary>
    public string Name { get; }

    internal Node Node { get; }

    internal int OutputIndex { get; }

    /// <summary>The layer that produces this tensor.</summary>
    public Layer Layer => Node.Layer;

    /// <summary>
    /// Lets <c>Keras.Input(...)</c> stand first in a <see cref="Models.Sequential"/> layer list, as in Keras.
    /// Only the output of an input layer converts.
    /// </summary>
    public static implicit operator Layer(KerasTensor tensor) =>
        tensor.Layer is Layers.InputLayer input ? input
        : throw new InvalidCastException($"Only a Keras.Input(...) tensor can be used as a layer; '{tensor.Name}' is produced by layer '{tensor.Layer.Name}'.");

    /// <inheritdoc/>
    public override string ToString() => $"<KerasTensor shape={Shape}, dtype={DType.ToTorchName()}, name={Name}>";
}

/// <summary>One call of a layer in a functional graph: which symbolic tensors went in and came out.</summary>
internal sealed class Node
{
    internal Node(Layer layer, IReadOnlyList<KerasTensor> inputs)
    {
        Layer = layer;
        Inputs = inputs;
    }

    internal Layer Layer { get; }

    internal IReadOnlyList<KerasTensor> Inputs { get; }

    internal List<KerasTensor> Outputs { get; } = new();

    /// <summary>A training flag fixed for this call (<c>layer.Apply(x, training: false)</c>); null follows the model.</summary>
    internal bool? Training { get; set; }
}
