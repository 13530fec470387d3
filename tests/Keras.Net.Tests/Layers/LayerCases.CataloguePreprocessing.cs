using KerasNet.Layers;

namespace KerasNet.Tests.LayersTests;

public static partial class LayerCases
{
    // GroupQueryAttention by Keras's formulas: query kernel (f·Hq·d) and bias (Hq·d), key and value kernels (f·Hkv·d) and
    // biases (Hkv·d), with useGate a gate kernel and bias shaped as the query's, and the output kernel (Hq·d·f) and bias (f).
    // The preprocessing layers of this catalogue take integer or string data and are not differentiable, so they are
    // tested in Layers/Preprocessing instead of here.
    private static readonly IReadOnlyList<LayerCase> CataloguePreprocessingCases = new List<LayerCase>
    {
        Rows("group_query_attention", () => new GroupQueryAttention(3, 4, 2), new[] { S(5, 8), S(6, 8) }, S(5, 8),
            (8 * 4 * 3 + 4 * 3) + 2 * (8 * 2 * 3 + 2 * 3) + (4 * 3 * 8 + 8)),
        Rows("group_query_attention_multi_query_causal_no_bias", () => new GroupQueryAttention(2, 4, 1, useBias: false, useCausalMask: true),
            new[] { S(5, 6), S(5, 6) }, S(5, 6), 6 * 4 * 2 + 2 * (6 * 1 * 2) + 4 * 2 * 6),
        Rows("group_query_attention_gate_window_key", () => new GroupQueryAttention(2, 2, 2, useGate: true, slidingWindow: 2),
            new[] { S(4, 6), S(5, 7), S(5, 3) }, S(4, 6), 2 * (6 * 2 * 2 + 4) + (3 * 2 * 2 + 4) + (7 * 2 * 2 + 4) + (2 * 2 * 6 + 6)),
        Rows("group_query_attention_dropout", () => new GroupQueryAttention(2, 2, 1, dropout: 0.3), new[] { S(4, 6), S(4, 6) }, S(4, 6),
            (6 * 2 * 2 + 4) + 2 * (6 * 2 + 2) + (2 * 2 * 6 + 6)),
    };
}
