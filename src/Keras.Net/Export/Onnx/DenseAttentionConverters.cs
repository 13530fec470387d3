using KerasNet.Layers;

namespace KerasNet.Export.Onnx;

/// <summary>
/// Attention (dot and concat scores) and AdditiveAttention over sequences (batch, steps, features), with the causal
/// mask built at run time from the sequence lengths (Trilu), so the lengths may stay dynamic.
/// </summary>
internal static class DenseAttentionConverters
{
    internal static void Register(Dictionary<Type, OnnxConverter> table) => table[typeof(BaseDenseAttention)] = DenseAttention;

    private static IReadOnlyList<string> DenseAttention(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var attention = (BaseDenseAttention)layer;
        var query = inputs[0].Name;
        var value = inputs[1].Name;
        var key = inputs.Count > 2 ? inputs[2].Name : value;
        var scores = layer is Attention { ScoreMode: "dot" } ? DotScores(graph, layer, query, key) : SummedScores(graph, layer, query, key);
        if (attention.UseCausalMask)
        {
            var allowed = graph.Node("Cast", new[] { LowerTriangle(graph, query, key) }, ("to", 9L));
            scores = graph.Node("Where", allowed, scores, graph.Scalar((float)AttentionMasks.LargeNegative));
        }
        var weights = graph.Node("Softmax", new[] { scores }, ("axis", -1L));
        var output = graph.Node("MatMul", weights, value);
        return attention.ReturnAttentionScores ? new[] { output, weights } : new[] { output };
    }

    /// <summary>query · keyᵀ, times the optional scale.</summary>
    private static string DotScores(OnnxGraph graph, Layer layer, string query, string key)
    {
        var scores = graph.Node("MatMul", query, graph.Node("Transpose", new[] { key }, ("perm", new long[] { 0, 2, 1 })));
        return OnnxConverters.Weight(layer, "scale") is { } scale ? graph.Node("Mul", scores, graph.Weight(scale.Value, "scale")) : scores;
    }

    /// <summary>
    /// Σ over features of tanh(query_t + key_s) (Attention's concat mode: the sum scaled before tanh and the result
    /// times concat_score_weight; AdditiveAttention: each feature's tanh times its scale).
    /// </summary>
    private static string SummedScores(OnnxGraph graph, Layer layer, string query, string key)
    {
        var sum = graph.Node("Add", graph.Node("Unsqueeze", query, graph.Int64s(2)), graph.Node("Unsqueeze", key, graph.Int64s(1)));
        var scale = OnnxConverters.Weight(layer, "scale") is { } s ? graph.Weight(s.Value, "scale") : null;
        if (layer is Attention && scale is not null) sum = graph.Node("Mul", sum, scale);
        var terms = graph.Node("Tanh", sum);
        if (layer is AdditiveAttention && scale is not null) terms = graph.Node("Mul", terms, scale);
        var scores = graph.Node("ReduceSum", new[] { terms, graph.Int64s(-1) }, ("keepdims", 0L));
        return OnnxConverters.Weight(layer, "concat_score_weight") is { } weight ? graph.Node("Mul", scores, graph.Weight(weight.Value, "concat_score_weight")) : scores;
    }

    /// <summary>A (T, S) float matrix of ones on and below the diagonal, T and S read from the inputs at run time.</summary>
    internal static string LowerTriangle(OnnxGraph graph, string query, string key)
    {
        var shape = graph.Node("Concat", new[]
        {
            graph.Node("Shape", new[] { query }, ("start", 1L), ("end", 2L)),
            graph.Node("Shape", new[] { key }, ("start", 1L), ("end", 2L)),
        }, ("axis", 0L));
        var ones = graph.Node("Add", graph.Node("ConstantOfShape", shape), graph.Scalar(1f));
        return graph.Node("Trilu", new[] { ones }, ("upper", 0L));
    }
}
