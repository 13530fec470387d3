using KerasNet.Layers;

namespace KerasNet.Export.Onnx;

/// <summary>Add, Subtract, Multiply, Average, Maximum, Minimum and Concatenate.</summary>
internal static class MergingConverters
{
    internal static void Register(Dictionary<Type, OnnxConverter> table)
    {
        // ONNX's variadic Sum/Max/Min/Mean take every input at once, as the layers fold them pairwise.
        table[typeof(Add)] = (layer, graph, inputs) => Variadic(graph, "Sum", inputs);
        table[typeof(Maximum)] = (layer, graph, inputs) => Variadic(graph, "Max", inputs);
        table[typeof(Minimum)] = (layer, graph, inputs) => Variadic(graph, "Min", inputs);
        table[typeof(Average)] = (layer, graph, inputs) => Variadic(graph, "Mean", inputs);
        table[typeof(Subtract)] = (layer, graph, inputs) => new[] { graph.Node("Sub", inputs[0].Name, inputs[1].Name) };
        table[typeof(Multiply)] = (layer, graph, inputs) =>
            new[] { inputs.Skip(1).Aggregate(inputs[0].Name, (product, next) => graph.Node("Mul", product, next.Name)) };
        table[typeof(Concatenate)] = (layer, graph, inputs) =>
            new[] { graph.Node("Concat", inputs.Select(i => i.Name).ToArray(), ("axis", (long)((Concatenate)layer).Axis)) };
    }

    private static IReadOnlyList<string> Variadic(OnnxGraph graph, string op, IReadOnlyList<OnnxValue> inputs) =>
        new[] { graph.Node(op, inputs.Select(i => i.Name).ToArray()) };
}
