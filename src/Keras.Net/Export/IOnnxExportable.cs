namespace KerasNet.Export;

/// <summary>
/// Implemented by a custom layer (or a subclassed model) to declare its ONNX form: the ONNX operators that compute
/// what its <c>Call</c> computes in inference mode. <see cref="Models.Model.Export"/> calls it instead of looking
/// the layer up among the built-in converters.
/// </summary>
/// <example>
/// <code>
/// public sealed class Scale2 : Layer, IOnnxExportable
/// {
///     protected override Tensor Call(Tensor x, CallContext context) => x * 2;
///     public IReadOnlyList&lt;string&gt; ExportOnnx(OnnxGraph graph, IReadOnlyList&lt;OnnxValue&gt; inputs) =>
///         new[] { graph.Node("Mul", inputs[0].Name, graph.Scalar(2f)) };
/// }
/// </code>
/// </example>
public interface IOnnxExportable
{
    /// <summary>
    /// Adds this layer's operators to <paramref name="graph"/>, reading <paramref name="inputs"/> (one per layer
    /// input, in order), and returns the names of the values holding the layer's outputs, in order. Weights go in
    /// with <see cref="OnnxGraph.Weight(Tensor, string)"/>; the layer is built when this is called.
    /// </summary>
    IReadOnlyList<string> ExportOnnx(OnnxGraph graph, IReadOnlyList<OnnxValue> inputs);
}
