using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

// Attention over src/Keras.Net.Native/src/attention.cpp: one native call composed from ATen ops (matmul, masking,
// softmax, dropout, matmul), differentiable through autograd.
public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>
            /// softmax(query keyᵀ · scale + mask) value, as PyTorch 2.x's <c>scaled_dot_product_attention</c> (same arguments and
            /// semantics; computed with its documented math, since libtorch 1.13 has no fused kernel).
            /// </summary>
            /// <param name="query">(..., L, E): L queries of size E; leading dimensions (batch, heads) broadcast.</param>
            /// <param name="key">(..., S, E).</param>
            /// <param name="value">(..., S, Ev).</param>
            /// <param name="attn_mask">
            /// Broadcastable to (..., L, S). Boolean: true where a query may attend to a key (false positions get no weight).
            /// Floating point: added to the scores (use -inf to exclude a position). A query with no allowed key gets NaN, as in PyTorch.
            /// </param>
            /// <param name="dropout_p">Dropout probability applied to the attention weights (pass 0 when evaluating).</param>
            /// <param name="is_causal">Query i attends only to keys 0..i (the mask is aligned to the top-left corner when L ≠ S). Not combined with attn_mask.</param>
            /// <param name="scale">Multiplies the scores; null for 1/sqrt(E).</param>
            /// <returns>(..., L, Ev).</returns>
            public static Tensor scaled_dot_product_attention(Tensor query, Tensor key, Tensor value, Tensor? attn_mask = null,
                double dropout_p = 0.0, bool is_causal = false, double? scale = null) =>
                Attention(query, key, value, attn_mask, dropout_p, is_causal, scale, wantWeights: false).output;

            /// <summary>
            /// As <see cref="scaled_dot_product_attention"/>, also returning the attention weights: softmax(query keyᵀ · scale + mask),
            /// (..., L, S), taken before the dropout (the weights Keras's MultiHeadAttention returns).
            /// </summary>
            /// <param name="query">(..., L, E): L queries of size E; leading dimensions (batch, heads) broadcast.</param>
            /// <param name="key">(..., S, E).</param>
            /// <param name="value">(..., S, Ev).</param>
            /// <param name="attn_mask">Broadcastable to (..., L, S): boolean (true = may attend) or added to the scores.</param>
            /// <param name="dropout_p">Dropout probability applied to the weights that multiply <paramref name="value"/>.</param>
            /// <param name="is_causal">Query i attends only to keys 0..i. Not combined with attn_mask.</param>
            /// <param name="scale">Multiplies the scores; null for 1/sqrt(E).</param>
            /// <returns>The output (..., L, Ev) and the weights (..., L, S).</returns>
            public static (Tensor output, Tensor weights) scaled_dot_product_attention_with_weights(Tensor query, Tensor key, Tensor value,
                Tensor? attn_mask = null, double dropout_p = 0.0, bool is_causal = false, double? scale = null)
            {
                var (output, weights) = Attention(query, key, value, attn_mask, dropout_p, is_causal, scale, wantWeights: true);
                return (output, weights!);
            }

            private static unsafe (Tensor output, Tensor? weights) Attention(Tensor query, Tensor key, Tensor value, Tensor? attn_mask,
                double dropout_p, bool is_causal, double? scale, bool wantWeights)
            {
                const string op = "scaled_dot_product_attention";
                ArgumentNullException.ThrowIfNull(query);
                ArgumentNullException.ThrowIfNull(key);
                ArgumentNullException.ThrowIfNull(value);
                if (!(dropout_p >= 0 && dropout_p < 1))
                    throw new ArgumentOutOfRangeException(nameof(dropout_p), dropout_p, $"{op}: dropout_p must be in [0, 1); received {dropout_p}.");
                if (is_causal && attn_mask is not null)
                    throw new ArgumentException($"{op}: pass either attn_mask or is_causal: true, not both. To combine them, build one boolean mask: causal & yours.", nameof(attn_mask));
                if (scale is double s && !double.IsFinite(s))
                    throw new ArgumentOutOfRangeException(nameof(scale), s, $"{op}: scale must be a finite number, or null for 1/sqrt(E).");
                var q = query.shape;
                var k = key.shape;
                var v = value.shape;
                if (q.Length < 2 || k.Length < 2 || v.Length < 2)
                    throw new TorchShapeException($"{op}: query, key and value need at least 2 dimensions (..., sequence, features); received shapes {Shape.Format(q)}, {Shape.Format(k)} and {Shape.Format(v)}.", op);
                if (q[^1] != k[^1])
                    throw new TorchShapeException($"{op}: query and key must have the same feature size (last dimension); received query {Shape.Format(q)} and key {Shape.Format(k)}.", op);
                if (k[^2] != v[^2])
                    throw new TorchShapeException($"{op}: key and value must have the same sequence length (dimension -2); received key {Shape.Format(k)} and value {Shape.Format(v)}.", op);
                IntPtr output, weights = IntPtr.Zero;
                var status = NativeMethods.kn_scaled_dot_product_attention(query.Handle, key.Handle, value.Handle, Tensor.HandleOrZero(attn_mask),
                    dropout_p, is_causal ? 1 : 0, scale ?? 0, scale.HasValue ? 1 : 0, &output, wantWeights ? &weights : null);
                GC.KeepAlive(attn_mask);
                Tensor.Check(status, op, query, key, value);
                return (new Tensor(output), wantWeights ? new Tensor(weights) : null);
            }
        }
    }
}
