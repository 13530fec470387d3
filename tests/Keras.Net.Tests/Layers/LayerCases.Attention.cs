using KerasNet.Layers;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// Harness rows of the attention and Transformer layers. Weight counts by Keras's formulas: MultiHeadAttention has
/// query/key kernels (in · heads · keyDim) and biases (heads · keyDim), a value kernel (in · heads · valueDim) and
/// bias, and an output kernel (heads · valueDim · out) and bias (out); a Transformer block adds two (or, with
/// cross-attention, three) LayerNormalizations (2 · features each) and Dense(intermediate) + Dense(features).
/// PositionEmbedding, SinePositionEncoding and TokenAndPositionEmbedding are not here: their output does not depend
/// on (or is not differentiable in) their input; AttentionLayerTests covers them.
/// </summary>
public static partial class LayerCases
{
    private static LayerCase Rows(string id, Func<Layer> create, long[][] inputs, long[] output, long weights) =>
        new(id, _ => create(), inputs, output, weights);

    // MultiHeadAttention(2 heads, keyDim 4) on 8 features: 3 · (8·2·4 + 2·4) + (2·4·8 + 8).
    private const long Mha8 = 3 * (8 * 2 * 4 + 2 * 4) + (2 * 4 * 8 + 8);

    // TransformerEncoder(16, 2 heads) on 8 features: attention + 2 norms + Dense(16) + Dense(8).
    private const long Block8 = Mha8 + 2 * (2 * 8) + (8 * 16 + 16) + (16 * 8 + 8);

    private static readonly IReadOnlyList<LayerCase> AttentionCases = new List<LayerCase>
    {
        Rows("multi_head_attention", () => new MultiHeadAttention(2, 4), new[] { S(5, 8), S(6, 8) }, S(5, 8), Mha8),
        Rows("multi_head_attention_key_value_output_dims", () => new MultiHeadAttention(2, 3, valueDim: 5, outputShape: new long[] { 7 }),
            new[] { S(4, 6), S(5, 10), S(5, 9) }, S(4, 7), (6 * 2 * 3 + 6) + (9 * 2 * 3 + 6) + (10 * 2 * 5 + 10) + (2 * 5 * 7 + 7)),
        Rows("multi_head_attention_no_bias_causal", () => new MultiHeadAttention(2, 4, useBias: false, useCausalMask: true),
            new[] { S(5, 8), S(5, 8) }, S(5, 8), 3 * (8 * 2 * 4) + 2 * 4 * 8),
        Rows("multi_head_attention_dropout", () => new MultiHeadAttention(4, 2, dropout: 0.3), new[] { S(5, 8), S(5, 8) }, S(5, 8),
            3 * (8 * 4 * 2 + 4 * 2) + (4 * 2 * 8 + 8)),
        // Higher ranks (attentionAxes): the same weights whatever the rank; non-attention axes match between query and value.
        Rows("multi_head_attention_rank4_default", () => new MultiHeadAttention(2, 4), new[] { S(3, 4, 8), S(2, 5, 8) }, S(3, 4, 8), Mha8),
        Rows("multi_head_attention_rank4_axis2_output_shape", () => new MultiHeadAttention(2, 4, attentionAxes: new long[] { 2 }, outputShape: new long[] { 5 }),
            new[] { S(3, 4, 6), S(3, 5, 6) }, S(3, 4, 5), 3 * (6 * 2 * 4 + 2 * 4) + (2 * 4 * 5 + 5)),
        Rows("multi_head_attention_rank5_axes_3_1", () => new MultiHeadAttention(2, 4, attentionAxes: new long[] { 3, 1 }),
            new[] { S(2, 3, 4, 8), S(5, 3, 2, 8) }, S(2, 3, 4, 8), Mha8),
        Rows("attention_dot", () => new Attention(), new[] { S(4, 6), S(5, 6) }, S(4, 6), 0),
        Rows("attention_scaled_concat_causal", () => new Attention(useScale: true, scoreMode: "concat", useCausalMask: true),
            new[] { S(4, 6), S(5, 6), S(5, 6) }, S(4, 6), 2),
        Rows("attention_dropout", () => new Attention(dropout: 0.4), new[] { S(4, 6), S(5, 6) }, S(4, 6), 0),
        Rows("additive_attention", () => new AdditiveAttention(), new[] { S(4, 6), S(5, 6) }, S(4, 6), 6),
        Rows("additive_attention_no_scale_with_key", () => new AdditiveAttention(useScale: false), new[] { S(4, 6), S(5, 6), S(5, 6) }, S(4, 6), 0),
        One("rms_normalization", () => new RMSNormalization(), S(4, 6), S(4, 6), 6),
        One("rms_normalization_axis1", () => new RMSNormalization(axis: 1, epsilon: 1e-3), S(3, 4), S(3, 4), 3),
        One("transformer_encoder", () => new TransformerEncoder(16, 2), S(5, 8), S(5, 8), Block8),
        One("transformer_encoder_pre_norm_gelu_dropout", () => new TransformerEncoder(16, 2, dropout: 0.1, activation: "gelu", normalizeFirst: true),
            S(5, 8), S(5, 8), Block8),
        One("transformer_decoder_self_only", () => new TransformerDecoder(16, 2), S(5, 8), S(5, 8), Block8),
        Rows("transformer_decoder_cross", () => new TransformerDecoder(16, 4, normalizeFirst: true), new[] { S(5, 8), S(6, 12) }, S(5, 8),
            Block8 + 2 * 8 + (8 * 4 * 2 + 4 * 2) + 2 * (12 * 4 * 2 + 4 * 2) + (4 * 2 * 8 + 8)),
    };
}
