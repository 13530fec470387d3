using KerasNet.Layers;

namespace KerasNet.Export.Onnx;

/// <summary>Dense, Activation, Embedding, Rescaling, and the layers that do nothing at inference; Masking is refused.</summary>
internal static class CoreConverters
{
    internal static void Register(Dictionary<Type, OnnxConverter> table)
    {
        table[typeof(Dense)] = Dense;
        table[typeof(Activation)] = (layer, graph, inputs) => new[] { OnnxActivations.Emit(graph, layer, ((Activation)layer).Function, inputs[0].Name) };
        // Regularization layers are the identity at inference.
        table[typeof(Dropout)] = Identity;
        table[typeof(SpatialDropout2D)] = Identity;
        table[typeof(GaussianNoise)] = Identity;
        table[typeof(Embedding)] = Embedding;
        table[typeof(Masking)] = (layer, graph, inputs) => throw OnnxConverters.MaskNotExported(layer);
        table[typeof(Rescaling)] = Rescaling;
    }

    private static IReadOnlyList<string> Identity(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs) => new[] { inputs[0].Name };

    private static IReadOnlyList<string> Dense(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var dense = (Dense)layer;
        // Keras's kernel layout (inputs, units) is MatMul's right operand as it is.
        var y = graph.Node("MatMul", inputs[0].Name, graph.Weight(dense.Kernel.Value, "kernel"));
        if (dense.Bias is { } bias) y = graph.Node("Add", y, graph.Weight(bias.Value, "bias"));
        return new[] { OnnxActivations.Emit(graph, layer, dense.Activation, y) };
    }

    private static IReadOnlyList<string> Embedding(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var embedding = (Embedding)layer;
        if (embedding.MaskZero) throw OnnxConverters.MaskNotExported(layer);
        var indices = graph.Node("Cast", new[] { inputs[0].Name }, ("to", 7L));
        return new[] { graph.Node("Gather", new[] { graph.Weight(embedding.Embeddings.Value, "embeddings"), indices }, ("axis", 0L)) };
    }

    private static IReadOnlyList<string> Rescaling(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var rescaling = (Rescaling)layer;
        var y = graph.Node("Mul", inputs[0].Name, graph.Scalar((float)rescaling.Scale));
        return new[] { rescaling.Offset == 0 ? y : graph.Node("Add", y, graph.Scalar((float)rescaling.Offset)) };
    }
}
