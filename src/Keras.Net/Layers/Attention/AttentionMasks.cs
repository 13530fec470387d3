
namespace KerasNet.Layers;

/// <summary>
/// The mask arithmetic shared by the attention and Transformer layers: boolean masks (true = may attend), causal
/// masks, their combination, and the additive form the softmax takes.
/// </summary>
internal static class AttentionMasks
{
    /// <summary>
    /// Added to the scores of excluded positions, as Keras's masked softmax does: a row with no allowed position gets
    /// uniform weights instead of NaN (a padded query row then stays finite, and so does the loss).
    /// </summary>
    internal const double LargeNegative = -1e9;

    /// <summary>(queries, keys) booleans, true where query i may attend to key j ≤ i (aligned top-left, as Keras).</summary>
    internal static Tensor Causal(long queries, long keys, Device device) =>
        torch.ones(new[] { queries, keys }, ScalarType.Bool, device).tril();

    /// <summary>Both masks (broadcast), either when the other is null, or null when both are.</summary>
    internal static Tensor? And(Tensor? a, Tensor? b) => a is null ? b : b is null ? a : a.logical_and(b);

    /// <summary>A mask as booleans: boolean masks as they are, numbers as "non-zero".</summary>
    internal static Tensor AsBool(Tensor mask) => mask.dtype == ScalarType.Bool ? mask : mask.ne(0);

    /// <summary>
    /// 0 where <paramref name="mask"/> allows, <see cref="LargeNegative"/> where it does not (-3e4 in float16, whose
    /// range ends at 65504, as Keras).
    /// </summary>
    internal static Tensor Additive(Tensor mask, ScalarType dtype) =>
        torch.zeros(mask.shape, dtype, mask.device).masked_fill_(mask.logical_not(), dtype == ScalarType.Float16 ? -3e4 : LargeNegative);

    /// <summary>
    /// The masks of a layer's query and value sequences that arrive with its inputs rather than as arguments
    /// (Keras's <c>_keras_mask</c>, set by <c>Embedding(maskZero: true)</c>): the query's is the first input's, given in
    /// <see cref="CallContext.Mask"/>; the value's is the one its tensor carries (the query's in self-attention).
    /// A mask must have its input's shape without the features axis ((batch, length) for a sequence, (batch, d1, ...,
    /// dn) for MultiHeadAttention's higher-rank inputs); one of another shape is ignored.
    /// </summary>
    internal static (Tensor? Query, Tensor? Value) InputMasks(CallContext context, Tensor query, Tensor value)
    {
        var queryMask = Fits(context.Mask, query);
        var valueMask = ReferenceEquals(query, value) ? queryMask : Fits(Layer.GetMask(value), value);
        return (queryMask, valueMask);
    }

    private static Tensor? Fits(Tensor? mask, Tensor sequence) =>
        mask is not null && mask.shape.SequenceEqual(sequence.shape[..^1]) ? AsBool(mask) : null;

    /// <summary>
    /// Checks a (batch, length) padding mask and returns it as booleans; names the layer and the argument otherwise.
    /// </summary>
    internal static Tensor PaddingMask(Tensor mask, Tensor sequence, string layer, string argument)
    {
        var s = sequence.shape;
        var m = mask.shape;
        if (m.Length != 2 || m[0] != s[0] || m[1] != s[1])
            throw new ArgumentException(
                $"{layer}: {argument} must have shape (batch, sequence) = ({s[0]}, {s[1]}), one boolean per step (true = a real token); " +
                $"received shape {TensorShape.Of(m)}.", argument);
        return AsBool(mask);
    }

    /// <summary>
    /// Checks an attention mask against (batch, queries, keys): rank 3, each size equal or 1. Returns it as booleans.
    /// </summary>
    internal static Tensor AttentionMask(Tensor mask, long batch, long queries, long keys, string layer, string argument = "attentionMask")
    {
        var m = mask.shape;
        if (m.Length != 3 || (m[0] != batch && m[0] != 1) || (m[1] != queries && m[1] != 1) || (m[2] != keys && m[2] != 1))
            throw new ArgumentException(
                $"{layer}: {argument} must be a boolean mask of shape (batch, queries, keys) = ({batch}, {queries}, {keys}) (sizes of 1 " +
                $"broadcast; true = may attend); received shape {TensorShape.Of(m)}.", argument);
        return AsBool(mask);
    }
}
