namespace KerasNet.Layers;

// The computation of GroupQueryAttention and its call forms: eager calls on tensors, functional calls on KerasTensors
// and the graph's Call, each gathering its arguments for Compute.
public sealed partial class GroupQueryAttention
{
    /// <summary>Runs the layer eagerly and returns its output (batch, T, query features).</summary>
    /// <param name="query">(batch, T, query features).</param>
    /// <param name="value">(batch, S, value features).</param>
    /// <param name="key">(batch, S, key features); the value if null.</param>
    /// <param name="attentionMask">Booleans broadcastable to (batch, T, S): true where query t may attend to key s.</param>
    /// <param name="useCausalMask">Query t attends only to keys 0..t; the layer's <see cref="UseCausalMask"/> if null.</param>
    /// <param name="training">True to apply dropout to the attention weights.</param>
    /// <param name="queryMask">(batch, T) booleans, true for real query positions; the query's own mask if null.</param>
    /// <param name="valueMask">(batch, S) booleans, true for real value positions; the value's own mask if null.</param>
    /// <param name="keyMask">(batch, S) booleans, true for real key positions (ignored when there is no separate key).</param>
    public Tensor Apply(Tensor query, Tensor value, Tensor? key = null, Tensor? attentionMask = null, bool? useCausalMask = null, bool training = false,
                        Tensor? queryMask = null, Tensor? valueMask = null, Tensor? keyMask = null) =>
        Compute(query, value, key, new Masks(attentionMask, queryMask, valueMask, keyMask), useCausalMask ?? UseCausalMask, wantScores: false, training, CallContext.Inference).Output;

    /// <summary>
    /// As <see cref="Apply(Tensor, Tensor, Tensor?, Tensor?, bool?, bool, Tensor?, Tensor?, Tensor?)"/>, also returning the attention
    /// scores (batch, query heads, T, S), after the softmax and before dropout.
    /// </summary>
    public (Tensor Output, Tensor Scores) ApplyWithScores(Tensor query, Tensor value, Tensor? key = null, Tensor? attentionMask = null, bool? useCausalMask = null,
                                                          bool training = false, Tensor? queryMask = null, Tensor? valueMask = null, Tensor? keyMask = null)
    {
        var (output, scores) = Compute(query, value, key, new Masks(attentionMask, queryMask, valueMask, keyMask), useCausalMask ?? UseCausalMask,
                                       wantScores: true, training, CallContext.Inference);
        return (output, scores!);
    }

    /// <summary>Applies the layer in a functional graph; returns the output.</summary>
    /// <param name="query">The query (batch, T, features).</param>
    /// <param name="value">The value (batch, S, features).</param>
    /// <param name="key">The key; the value if null.</param>
    /// <param name="attentionMask">A boolean (batch, T, S) input, e.g. <c>Keras.Input(new long[] { T, S }, ScalarType.Bool)</c>.</param>
    /// <param name="useCausalMask">Sets <see cref="UseCausalMask"/> (on the layer's first use; null keeps it).</param>
    public KerasTensor Apply(KerasTensor query, KerasTensor value, KerasTensor? key = null, KerasTensor? attentionMask = null, bool? useCausalMask = null)
    {
        SetGraphFlags(useCausalMask, returnScores: false);
        return ApplyMulti(AttentionGraphCalls.Inputs(this, query, value, key, attentionMask))[0];
    }

    /// <summary>Applies the layer in a functional graph; returns the output and the attention scores (batch, query heads, T, S).</summary>
    public (KerasTensor Output, KerasTensor Scores) ApplyWithScores(KerasTensor query, KerasTensor value, KerasTensor? key = null,
                                                                    KerasTensor? attentionMask = null, bool? useCausalMask = null)
    {
        SetGraphFlags(useCausalMask, returnScores: true);
        var outputs = ApplyMulti(AttentionGraphCalls.Inputs(this, query, value, key, attentionMask));
        return (outputs[0], outputs[1]);
    }

    private void SetGraphFlags(bool? useCausalMask, bool returnScores)
    {
        var causal = useCausalMask ?? UseCausalMask;
        if (!AttentionGraphCalls.FlagsChange(this, UseCausalMask, ReturnAttentionScores, causal, returnScores)) return;
        UseCausalMask = causal;
        ReturnAttentionScores = returnScores;
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        var key = inputs.Count > 2 ? inputs[2] : null;
        var mask = inputs.Count > 3 ? inputs[3] : null;
        var (output, scores) = Compute(inputs[0], inputs[1], key, new Masks(mask, null, null, null), UseCausalMask, ReturnAttentionScores, context.Training, context);
        return scores is null ? new[] { output } : new[] { output, scores };
    }

    private readonly record struct Masks(Tensor? Attention, Tensor? Query, Tensor? Value, Tensor? Key);

    private (Tensor Output, Tensor? Scores) Compute(Tensor query, Tensor value, Tensor? key, Masks masks, bool useCausalMask, bool wantScores,
                                                   bool training, CallContext context)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(value);
        var inputKey = key ?? value;
        if (!Built) BuildFor(new[] { query, value, inputKey }.Select(t => TensorShape.Of(t.shape).ReplaceBatch(null)).ToArray());
        CheckShapes(query.shape, value.shape, inputKey.shape);
        long batch = query.size(0), t = query.size(1), s = value.size(1);

        using var scope = torch.NewDisposeScope();
        var mask = CombinedMask(query, value, key, masks, context, useCausalMask, batch, t, s, out var causalOnly);
        var q = Project(query, queryKernel!, queryBias, NumQueryHeads).transpose(1, 2);
        var k = Project(inputKey, keyKernel!, keyBias, NumKeyValueHeads).transpose(1, 2);
        var v = Project(value, valueKernel!, valueBias, NumKeyValueHeads).transpose(1, 2);
        if (Repeats > 1)
        {
            // Key/value head j serves query heads j·repeats .. (j+1)·repeats − 1, as Keras's repeat along the heads axis.
            k = k.repeat_interleave(Repeats, 1);
            v = v.repeat_interleave(Repeats, 1);
        }
        var dropout = training ? Dropout : 0.0;
        Tensor attended;
        Tensor? scores = null;
        if (mask is null && !wantScores) attended = F.scaled_dot_product_attention(q, k, v, null, dropout, causalOnly);
        else
        {
            mask ??= causalOnly ? AttentionMasks.Causal(t, s, query.device) : null;
            (attended, scores) = MaskedSoftmaxAttention(q, k, v, mask?.unsqueeze(-3), dropout);
        }
        // (batch, heads, T, headDim) → (batch·T, heads·headDim) · (heads·headDim, features).
        var merged = attended.transpose(1, 2);
        if (gateKernel is not null) merged = merged * Project(query, gateKernel, gateBias, NumQueryHeads).sigmoid_();
        var flat = merged.reshape(batch * t, NumQueryHeads * HeadDim);
        var kernel = outputKernel!.Value.view(NumQueryHeads * HeadDim, queryFeatures);
        var output = (outputBias is null ? flat.mm(kernel) : outputBias.Value.addmm(flat, kernel)).view(batch, t, queryFeatures);
        return (output.MoveToOuterDisposeScope(), scores?.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Every mask that applies, as one (batch|1, T|1, S|1) boolean tensor, or null. <paramref name="causalOnly"/>: the
    /// causal mask is the only one, left to the fused kernel instead of being materialized.
    /// </summary>
    private Tensor? CombinedMask(Tensor query, Tensor value, Tensor? key, Masks masks, CallContext context, bool useCausalMask,
                                 long batch, long t, long s, out bool causalOnly)
    {
        var (ownQuery, ownValue) = AttentionMasks.InputMasks(context, query, value);
        var queryMask = masks.Query is null ? ownQuery : AttentionMasks.PaddingMask(masks.Query, query, Who, "queryMask");
        var valueMask = masks.Value is null ? ownValue : AttentionMasks.PaddingMask(masks.Value, value, Who, "valueMask");
        var keyMask = key is null || ReferenceEquals(key, value) ? null
            : masks.Key is null ? null : AttentionMasks.PaddingMask(masks.Key, key, Who, "keyMask");
        Tensor? mask = masks.Attention is null ? null : AttentionMasks.AttentionMask(masks.Attention, batch, t, s, Who);
        if (queryMask is not null) mask = AttentionMasks.And(mask, queryMask.unsqueeze(-1));
        if (valueMask is not null) mask = AttentionMasks.And(mask, valueMask.unsqueeze(-2));
        if (keyMask is not null) mask = AttentionMasks.And(mask, keyMask.unsqueeze(-2));
        if (SlidingWindow is { } window)
        {
            var distance = torch.arange(t, device: query.device).unsqueeze(1) - torch.arange(s, device: query.device).unsqueeze(0);
            mask = AttentionMasks.And(mask, distance.abs().lt(window));
        }
        causalOnly = useCausalMask && mask is null;
        if (useCausalMask && mask is not null) mask = mask.logical_and(AttentionMasks.Causal(t, s, query.device));
        return mask;
    }

    /// <summary>
    /// Keras 3's masked softmax attention: excluded scores become −1e9 (−3e4 in float16) before the softmax and exactly 0
    /// after it. Returns the attention result and the weights before dropout.
    /// </summary>
    private static (Tensor Output, Tensor Weights) MaskedSoftmaxAttention(Tensor q, Tensor k, Tensor v, Tensor? mask, double dropout)
    {
        var scores = torch.matmul(q, k.transpose(-2, -1)).mul_(1.0 / Math.Sqrt(q.size(-1)));
        if (mask is not null) scores = scores.masked_fill(mask.logical_not(), q.dtype == ScalarType.Float16 ? -3e4 : AttentionMasks.LargeNegative);
        var weights = scores.softmax(-1);
        if (mask is not null) weights = weights.masked_fill(mask.logical_not(), 0.0);
        var dropped = dropout > 0 ? F.dropout(weights, dropout, training: true) : weights;
        return (torch.matmul(dropped, v), weights);
    }

    /// <summary>(batch, L, features) → (batch, L, heads, headDim) through a (features, heads, headDim) kernel.</summary>
    private Tensor Project(Tensor x, Variable kernel, Variable? bias, long heads)
    {
        long batch = x.size(0), length = x.size(1), features = x.size(2);
        var flatKernel = kernel.Value.view(features, heads * HeadDim);
        var flatInput = x.reshape(batch * length, features);
        var projected = bias is null ? flatInput.mm(flatKernel) : bias.Value.view(heads * HeadDim).addmm(flatInput, flatKernel);
        return projected.view(batch, length, heads, HeadDim);
    }

    private void CheckShapes(long[] query, long[] value, long[] key)
    {
        static string F(long[] s) => TensorShape.Of(s).ToString();
        if (query.Length != 3 || value.Length != 3 || key.Length != 3)
            throw new ArgumentException(
                $"{Who} expects query, value and key of rank 3 (batch, sequence, features); received query {F(query)}, value {F(value)}, key {F(key)}. " +
                "Add a sequence axis (x.unsqueeze(1)) to a single vector.");
        if (query[2] != queryFeatures || value[2] != valueFeatures || key[2] != keyFeatures)
            throw new ArgumentException(
                $"{Who} was built for query, value and key features ({queryFeatures}, {valueFeatures}, {keyFeatures}); received query {F(query)}, " +
                $"value {F(value)}, key {F(key)}. A layer keeps the feature sizes of its first call; create another layer for other sizes.");
        if (value[0] != query[0] || key[0] != query[0])
            throw new ArgumentException($"{Who}: query, value and key must have the same batch size; received query {F(query)}, value {F(value)}, key {F(key)}.");
        if (key[1] != value[1])
            throw new ArgumentException($"{Who}: key and value must have the same sequence length (axis 1); received key {F(key)} and value {F(value)}.");
    }
}
