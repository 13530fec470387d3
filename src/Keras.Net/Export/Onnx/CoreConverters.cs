using KerasNet.Layers;

namespace KerasNet.Export.Onnx;

/// <summary>Dense, Activation, Embedding (with its mask), Masking, Rescaling, and the layers that do nothing at inference.</summary>
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
        table[typeof(Masking)] = Masking;
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
        var indices = graph.Node("Cast", new[] { inputs[0].Name }, ("to", 7L));
        var y = graph.Node("Gather", new[] { graph.Weight(embedding.Embeddings.Value, "embeddings"), indices }, ("axis", 0L));
        if (embedding.MaskZero) graph.SetProducedMask(y, TokenMask(graph, indices));
        return new[] { y };
    }

    /// <summary>The mask of token ids (int64): true where the id is not 0, the padding token.</summary>
    internal static string TokenMask(OnnxGraph graph, string indices) => OnnxMasks.NotEqual(graph, indices, graph.Int64s(0));

    /// <summary>Steps whose features all equal the mask value are zeroed, and masked in the output's mask.</summary>
    private static IReadOnlyList<string> Masking(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var x = inputs[0].Name;
        var keep = OnnxMasks.Any(graph, OnnxMasks.NotEqual(graph, x, graph.Scalar((float)((Masking)layer).MaskValue)), -1);
        var y = graph.Node("Mul", x, graph.Node("Unsqueeze", OnnxMasks.ToFloat(graph, keep), graph.Int64s(-1)));
        graph.SetProducedMask(y, keep);
        return new[] { y };
    }

    private static IReadOnlyList<string> Rescaling(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var rescaling = (Rescaling)layer;
        var y = graph.Node("Mul", inputs[0].Name, graph.Scalar((float)rescaling.Scale));
        return new[] { rescaling.Offset == 0 ? y : graph.Node("Add", y, graph.Scalar((float)rescaling.Offset)) };
    }
}
