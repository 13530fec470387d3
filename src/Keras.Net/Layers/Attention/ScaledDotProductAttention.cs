namespace KerasNet.Layers;

/// <summary>
/// softmax(query keyᵀ / sqrt(E) + mask) value that also returns the attention weights, which TorchSharp's
/// <c>scaled_dot_product_attention</c> does not: the documented math of PyTorch's op, composed from tensor ops and
/// differentiable through autograd. Without weights, call <c>F.scaled_dot_product_attention</c> (libtorch's fused kernels).
/// </summary>
internal static class ScaledDotProductAttention
{
    /// <summary>
    /// The output (..., L, Ev) and the weights (..., L, S), taken after the softmax and before the dropout (the weights
    /// Keras's MultiHeadAttention returns). <paramref name="mask"/> broadcasts to (..., L, S): boolean (true = may
    /// attend) or added to the scores. <paramref name="isCausal"/>: query i attends to keys 0..i only.
    /// </summary>
    internal static (Tensor Output, Tensor Weights) WithWeights(Tensor query, Tensor key, Tensor value, Tensor? mask, double dropout, bool isCausal)
    {
        using var scope = torch.NewDisposeScope();
        long l = query.size(-2), s = key.size(-2);
        var scores = torch.matmul(query, key.transpose(-2, -1)).mul_(1.0 / Math.Sqrt(query.size(-1)));
        if (isCausal)
        {
            using var future = torch.ones(l, s, ScalarType.Bool, query.device).triu_(1);
            scores.masked_fill_(future, double.NegativeInfinity);
        }
        if (mask is not null)
            scores = mask.dtype == ScalarType.Bool ? scores.masked_fill(mask.logical_not(), double.NegativeInfinity) : scores + mask;
        var weights = scores.softmax(-1);
        var dropped = dropout > 0 ? F.dropout(weights, dropout, training: true) : weights;
        var output = torch.matmul(dropped, value);
        return (output.MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope());
    }
}
