using KerasNet.Layers;

namespace KerasNet.Export.Onnx;

/// <summary>The activation layers (ReLU with its options, LeakyReLU, PReLU, ELU, Softmax over any axis) and Identity.</summary>
internal static class ActivationConverters
{
    internal static void Register(Dictionary<Type, OnnxConverter> table)
    {
        table[typeof(ReLU)] = ReLU;
        table[typeof(LeakyReLU)] = (layer, graph, inputs) =>
            new[] { graph.Node("LeakyRelu", new[] { inputs[0].Name }, ("alpha", ((LeakyReLU)layer).NegativeSlope)) };
        table[typeof(ELU)] = (layer, graph, inputs) => new[] { graph.Node("Elu", new[] { inputs[0].Name }, ("alpha", ((ELU)layer).Alpha)) };
        // The alpha weight has the input's shape without the batch axis (1 on shared axes): PRelu broadcasts it as it is.
        table[typeof(PReLU)] = (layer, graph, inputs) => new[] { graph.Node("PRelu", inputs[0].Name, graph.Weight(((PReLU)layer).Alpha.Value, "alpha")) };
        table[typeof(Softmax)] = (layer, graph, inputs) => new[] { graph.Node("Softmax", new[] { inputs[0].Name }, ("axis", (long)((Softmax)layer).Axis)) };
        table[typeof(Identity)] = (layer, graph, inputs) => new[] { inputs[0].Name };
    }

    /// <summary>Keras's composition: x where x &gt; threshold (else 0), clipped to [0, maxValue], minus negativeSlope · relu(threshold − x).</summary>
    private static IReadOnlyList<string> ReLU(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var relu = (ReLU)layer;
        var x = inputs[0].Name;
        if (relu.MaxValue is null && relu.Threshold == 0)
            return new[] { relu.NegativeSlope == 0 ? graph.Node("Relu", x) : graph.Node("LeakyRelu", new[] { x }, ("alpha", relu.NegativeSlope)) };
        var threshold = graph.Scalar((float)relu.Threshold);
        var y = relu.Threshold == 0 ? graph.Node("Relu", x)
            : graph.Node("Mul", x, graph.Node("Cast", new[] { graph.Node("Greater", x, threshold) }, ("to", 1L)));
        if (relu.MaxValue is { } max) y = graph.Node("Clip", y, graph.Scalar(0f), graph.Scalar((float)max));
        if (relu.NegativeSlope != 0)
            y = graph.Node("Sub", y, graph.Node("Mul", graph.Node("Relu", graph.Node("Sub", threshold, x)), graph.Scalar((float)relu.NegativeSlope)));
        return new[] { y };
    }
}
