using KerasNet.Layers;

namespace KerasNet.Export.Onnx;

/// <summary>
/// GroupQueryAttention over sequences: projections as MatMul, each key/value head repeated for its group of query
/// heads (Expand), masked softmax attention with the masked weights zeroed as the layer does, the optional sigmoid
/// gate, and the output projection.
/// </summary>
internal static class GroupQueryAttentionConverters
{
    internal static void Register(Dictionary<Type, OnnxConverter> table) => table[typeof(GroupQueryAttention)] = GroupQueryAttention;

    private static IReadOnlyList<string> GroupQueryAttention(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var gqa = (GroupQueryAttention)layer;
        var query = inputs[0];
        var value = inputs[1];
        var key = inputs.Count > 2 ? inputs[2] : value;
        long heads = gqa.NumQueryHeads, size = gqa.HeadDim, repeats = gqa.NumQueryHeads / gqa.NumKeyValueHeads;
        var mask = Mask(graph, gqa, query, key, inputs.Count > 3 ? inputs[3].Name : null);
        var q = graph.Node("Transpose", new[] { Project(graph, layer, query.Name, "query", heads, size) }, ("perm", new long[] { 0, 2, 1, 3 }));
        var k = graph.Node("Transpose", new[] { Repeat(graph, Project(graph, layer, key.Name, "key", gqa.NumKeyValueHeads, size), repeats, heads, size) },
            ("perm", new long[] { 0, 2, 3, 1 }));
        var v = graph.Node("Transpose", new[] { Repeat(graph, Project(graph, layer, value.Name, "value", gqa.NumKeyValueHeads, size), repeats, heads, size) },
            ("perm", new long[] { 0, 2, 1, 3 }));
        var logits = graph.Node("Mul", graph.Node("MatMul", q, k), graph.Scalar((float)(1 / Math.Sqrt(size))));
        if (mask is not null) logits = graph.Node("Where", mask, logits, graph.Scalar((float)AttentionMasks.LargeNegative));
        var weights = graph.Node("Softmax", new[] { logits }, ("axis", -1L));
        if (mask is not null) weights = graph.Node("Where", mask, weights, graph.Scalar(0f));
        var merged = graph.Node("Transpose", new[] { graph.Node("MatMul", weights, v) }, ("perm", new long[] { 0, 2, 1, 3 }));
        if (gqa.UseGate) merged = graph.Node("Mul", merged, graph.Node("Sigmoid", Project(graph, layer, query.Name, "gate", heads, size)));
        merged = graph.Node("Reshape", merged, graph.Int64s(0, 0, heads * size));
        var output = gqa.OutputKernel.Value;
        using var flatKernel = output.reshape(heads * size, output.shape[2]);
        var y = graph.Node("MatMul", merged, graph.Weight(flatKernel, "attention_output/kernel"));
        if (OnnxConverters.Weight(layer, "attention_output/bias") is { } bias) y = graph.Node("Add", y, graph.Weight(bias.Value, "attention_output/bias"));
        return gqa.ReturnAttentionScores ? new[] { y, weights } : new[] { y };
    }

    /// <summary>x (batch, steps, features) projected to (batch, steps, heads, size) by weights "{name}/kernel" and "{name}/bias".</summary>
    private static string Project(OnnxGraph graph, Layer layer, string x, string name, long heads, long size)
    {
        var kernel = OnnxConverters.Weight(layer, name + "/kernel")!;
        using var flatKernel = kernel.Value.reshape(kernel.Shape[0], heads * size);
        var y = graph.Node("MatMul", x, graph.Weight(flatKernel, name + "/kernel"));
        if (OnnxConverters.Weight(layer, name + "/bias") is { } bias)
        {
            using var flatBias = bias.Value.reshape(heads * size);
            y = graph.Node("Add", y, graph.Weight(flatBias, name + "/bias"));
        }
        return graph.Node("Reshape", y, graph.Int64s(0, 0, heads, size));
    }

    /// <summary>(batch, S, kvHeads, size) → (batch, S, kvHeads·repeats, size), head j repeated for query heads j·repeats .. (j+1)·repeats − 1.</summary>
    private static string Repeat(OnnxGraph graph, string x, long repeats, long heads, long size)
    {
        if (repeats == 1) return x;
        var expanded = graph.Node("Expand", graph.Node("Unsqueeze", x, graph.Int64s(3)), graph.Int64s(1, 1, 1, repeats, 1));
        return graph.Node("Reshape", expanded, graph.Int64s(0, 0, heads, size));
    }

    /// <summary>The boolean mask (batch|1, 1, T, S) from the attention-mask input, the sliding window and the causal mask, or null.</summary>
    private static string? Mask(OnnxGraph graph, GroupQueryAttention gqa, OnnxValue query, OnnxValue key, string? attentionMask)
    {
        string? mask = attentionMask is null ? null : graph.Node("Unsqueeze", graph.Node("Cast", new[] { attentionMask }, ("to", 9L)), graph.Int64s(1));
        if (gqa.SlidingWindow is not null || gqa.UseCausalMask)
        {
            if (query.Shape[1] is not { } t || key.Shape[1] is not { } s)
                throw OnnxConverters.Unsupported(gqa, "its causal or sliding-window mask needs the sequence lengths, and the input's length is dynamic",
                    "Give Keras.Input a fixed sequence length for the export.");
            var values = new float[t * s];
            for (var i = 0; i < t; i++)
                for (var j = 0; j < s; j++)
                    values[i * s + j] = (gqa.SlidingWindow is not { } w || Math.Abs(i - j) < w) && (!gqa.UseCausalMask || j <= i) ? 1f : 0f;
            var window = graph.Node("Cast", new[] { graph.Floats(new[] { t, s }, values, "window_mask") }, ("to", 9L));
            mask = mask is null ? window : graph.Node("And", mask, window);
        }
        return mask;
    }
}
