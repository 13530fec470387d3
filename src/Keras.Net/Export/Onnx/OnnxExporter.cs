using Google.Protobuf;
using KerasNet.Export.Onnx.Proto;
using KerasNet.Layers;
using KerasNet.Models;

namespace KerasNet.Export;

/// <summary>
/// Writes a model's inference computation as an ONNX model: graph inputs from the model's inputs (batch axis
/// dynamic), one group of operators per layer call, weights as initializers, graph outputs named after the layers
/// that produce them.
/// </summary>
internal static class OnnxExporter
{
    /// <summary>
    /// Opset 17: the first with LayerNormalization, and the last before the reduce operators take their axes as an
    /// input; ONNX Runtime 1.12 and later run it.
    /// </summary>
    internal const int Opset = 17;

    /// <summary>The IR version that goes with opset 17.</summary>
    internal const long IrVersion = 8;

    internal static ModelProto Build(Model model)
    {
        var graph = new OnnxGraph(model.Name);
        var inputs = GraphInputs(model);
        var values = new List<OnnxValue>();
        foreach (var (name, shape, dtype) in inputs)
        {
            var unique = graph.Reserve(name);
            graph.AddInput(unique, shape, ElementType(dtype));
            values.Add(new OnnxValue(unique, shape));
        }
        var outputs = EmitModel(model, graph, values);
        var outputNames = OutputNames(model, outputs.Count);
        for (var i = 0; i < outputs.Count; i++)
        {
            var name = graph.Reserve(outputNames[i]);
            graph.Proto.Node.Add(new NodeProto { OpType = "Identity", Name = graph.Reserve(name + "/Identity"), Input = { outputs[i].Name }, Output = { name } });
            graph.AddOutput(name, outputs[i].Shape, TensorProto.Types.DataType.Float);
        }
        var proto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Keras.Net",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "",
            Graph = graph.Proto,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return proto;
    }

    internal static void Write(Model model, string path)
    {
        var proto = Build(model);
        AtomicFile.Write(path, stream => proto.WriteTo(stream));
    }

    private static List<(string Name, TensorShape Shape, ScalarType DType)> GraphInputs(Model model)
    {
        if (model.Inputs is { } symbolic) return symbolic.Select(t => (t.Name, t.Shape, t.DType)).ToList();
        if (model is Sequential { InputLayer: { } input }) return new() { (input.Name, input.Output.Shape, input.DType) };
        if (model.BuiltInputShapes is { Count: > 0 } shapes)
            return shapes.Select((s, i) => (shapes.Count == 1 ? "input" : $"input_{i}", s.ReplaceBatch(null), ScalarType.Float32)).ToList();
        throw new OnnxExportException(model.Name,
            $"Model '{model.Name}' is not built, so the shapes of its inputs are unknown. Start it with Keras.Input(...) or call it once on data (model.Predict(x)) before exporting it.");
    }

    private static string[] OutputNames(Model model, int count) =>
        model.Outputs is { } outputs && outputs.Count == count ? outputs.Select(o => o.Name).ToArray()
        : count == 1 ? new[] { model is Sequential s && s.Layers.Count > 0 ? s.Layers[^1].Name : "output" }
        : Enumerable.Range(0, count).Select(i => $"output_{i}").ToArray();

    private static TensorProto.Types.DataType ElementType(ScalarType dtype) => dtype switch
    {
        ScalarType.Int64 => TensorProto.Types.DataType.Int64,
        ScalarType.Int32 => TensorProto.Types.DataType.Int32,
        ScalarType.Bool => TensorProto.Types.DataType.Bool,
        _ => TensorProto.Types.DataType.Float,
    };

    /// <summary>Writes a model's graph (top-level or nested as a layer) reading <paramref name="inputs"/>.</summary>
    private static IReadOnlyList<OnnxValue> EmitModel(Model model, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        if (model is IOnnxExportable) return EmitLayer(model, graph, inputs);
        if (model is Sequential sequential)
        {
            var x = inputs;
            foreach (var layer in sequential.Layers) x = EmitLayer(layer, graph, x);
            return x;
        }
        if (model.Graph is { } functional)
        {
            var values = new Dictionary<KerasTensor, OnnxValue>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < functional.Inputs.Count; i++) values[functional.Inputs[i]] = inputs[i];
            foreach (var node in functional.Nodes)
            {
                if (node.Layer is InputLayer) continue;
                var results = EmitLayer(node.Layer, graph, node.Inputs.Select(t => values[t]).ToArray());
                for (var i = 0; i < node.Outputs.Count; i++) values[node.Outputs[i]] = results[i];
            }
            return functional.Outputs.Select(o => values[o]).ToArray();
        }
        throw new OnnxExportException(model.Name,
            $"Model '{model.Name}' ({model.GetType().Name}) is a subclassed model: its Call is C# code that cannot be traced into an ONNX graph. " +
            "Build it with the functional API (new Model(inputs, outputs)) or Sequential, or implement KerasNet.Export.IOnnxExportable on it to declare its ONNX form.");
    }

    /// <summary>Writes one layer call; returns its outputs with their Keras shapes.</summary>
    internal static IReadOnlyList<OnnxValue> EmitLayer(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        if (layer is InputLayer) return inputs;
        if (layer is Model nested && layer is not IOnnxExportable) return EmitModel(nested, graph, inputs);
        var saved = graph.Scope;
        graph.Scope = saved.Length > 0 ? $"{saved}/{layer.Name}" : layer.Name;
        try
        {
            IReadOnlyList<string> names;
            if (layer is IOnnxExportable exportable) names = exportable.ExportOnnx(graph, inputs);
            else if (Onnx.OnnxConverters.Find(layer) is { } converter) names = converter(layer, graph, inputs);
            else throw NoOnnxForm(layer);
            var shapes = inputs.Count == 1 && names.Count == 1
                ? new[] { layer.ComputeOutputShape(inputs[0].Shape) }
                : layer.ComputeOutputShape(inputs.Select(i => i.Shape).ToArray());
            if (shapes.Count != names.Count)
                throw new OnnxExportException(layer.Name,
                    $"Layer '{layer.Name}' ({layer.GetType().Name}) returned {names.Count} ONNX output(s) from its export but has {shapes.Count} output(s). Return one value name per output.");
            var outputs = names.Select((n, i) => new OnnxValue(n, shapes[i])).ToArray();
            // As Keras.Net's AttachOutputMask: only the first output carries a mask.
            outputs[0] = outputs[0] with { Mask = Onnx.OnnxMasks.Output(layer, graph, inputs, names[0]) };
            return outputs;
        }
        finally
        {
            graph.Scope = saved;
        }
    }

    private static OnnxExportException NoOnnxForm(Layer layer)
    {
        var why = layer is Lambda
            ? "a Lambda layer runs arbitrary C# code, which cannot be written as ONNX operators"
            : $"{layer.GetType().Name} has no built-in ONNX converter and does not implement KerasNet.Export.IOnnxExportable";
        return new OnnxExportException(layer.Name,
            $"Layer '{layer.Name}' ({layer.GetType().Name}) has no ONNX form: {why}. Replace it with built-in layers, or write it as a Layer " +
            "subclass that implements KerasNet.Export.IOnnxExportable (its ExportOnnx adds the ONNX operators that compute its Call; see docs/EXPORT.md).");
    }
}
