namespace KerasNet.Layers;

// The call forms of MultiHeadAttention: eager calls on tensors, functional calls on KerasTensors (whose two call flags
// belong to the layer) and the graph's Call; each gathers its arguments for Compute.
public sealed partial class MultiHeadAttention
{
    /// <summary>Runs the layer eagerly and returns its output (batch, T, output features), or (batch, d1, ..., dn, output features) for higher ranks.</summary>
    /// <param name="query">(batch, T, query features), or (batch, d1, ..., dn, query features).</param>
    /// <param name="value">(batch, S, value features), or the query's rank with the query's sizes on the non-attention axes.</param>
    /// <param name="key">The value's shape with the key features; the value if null.</param>
    /// <param name="attentionMask">
    /// Booleans broadcastable to (batch, T, S): true where query t may attend to key s. For higher ranks, (batch,
    /// non-attention axes..., query attention axes..., key attention axes...), or the same without the non-attention axes.
    /// </param>
    /// <param name="useCausalMask">Query t attends only to keys 0..t (along the single attention axis); the layer's <see cref="UseCausalMask"/> if null.</param>
    /// <param name="training">True to apply dropout to the attention weights.</param>
    public Tensor Apply(Tensor query, Tensor value, Tensor? key = null, Tensor? attentionMask = null, bool? useCausalMask = null, bool training = false) =>
        Compute(query, value, key, attentionMask, useCausalMask ?? UseCausalMask, wantScores: false, training, CallContext.Inference).Output;

    /// <summary>
    /// As <see cref="Apply(Tensor, Tensor, Tensor?, Tensor?, bool?, bool)"/>, also returning the attention scores (batch, heads, T, S), before
    /// dropout; for higher ranks (batch, non-attention axes..., heads, query attention axes..., key attention axes...), as Keras.
    /// </summary>
    public (Tensor Output, Tensor Scores) ApplyWithScores(Tensor query, Tensor value, Tensor? key = null, Tensor? attentionMask = null,
                                                          bool? useCausalMask = null, bool training = false)
    {
        var (output, scores) = Compute(query, value, key, attentionMask, useCausalMask ?? UseCausalMask, wantScores: true, training, CallContext.Inference);
        return (output, scores!);
    }

    /// <summary>Applies the layer in a functional graph; returns the output.</summary>
    /// <param name="query">The query (batch, T, features), or (batch, d1, ..., dn, features).</param>
    /// <param name="value">The value (batch, S, features), or of the query's rank.</param>
    /// <param name="key">The key; the value if null.</param>
    /// <param name="attentionMask">
    /// A boolean (batch, T, S) input, e.g. <c>Keras.Input(new long[] { T, S }, ScalarType.Bool)</c>; for higher ranks in the
    /// layout of <see cref="Apply(Tensor, Tensor, Tensor?, Tensor?, bool?, bool)"/>.
    /// </param>
    /// <param name="useCausalMask">Sets <see cref="UseCausalMask"/> (on the layer's first use; null keeps it).</param>
    public KerasTensor Apply(KerasTensor query, KerasTensor value, KerasTensor? key = null, KerasTensor? attentionMask = null, bool? useCausalMask = null)
    {
        SetGraphFlags(useCausalMask, returnScores: false);
        return ApplyMulti(GraphInputs(query, value, key, attentionMask))[0];
    }

    /// <summary>Applies the layer in a functional graph; returns the output and the attention scores (batch, heads, T, S), in Keras's layout for higher ranks.</summary>
    public (KerasTensor Output, KerasTensor Scores) ApplyWithScores(KerasTensor query, KerasTensor value, KerasTensor? key = null,
                                                                    KerasTensor? attentionMask = null, bool? useCausalMask = null)
    {
        SetGraphFlags(useCausalMask, returnScores: true);
        var outputs = ApplyMulti(GraphInputs(query, value, key, attentionMask));
        return (outputs[0], outputs[1]);
    }

    private KerasTensor[] GraphInputs(KerasTensor query, KerasTensor value, KerasTensor? key, KerasTensor? attentionMask) =>
        AttentionGraphCalls.Inputs(this, query, value, key, attentionMask);

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
        var (output, scores) = Compute(inputs[0], inputs[1], key, mask, UseCausalMask, ReturnAttentionScores, context.Training, context);
        return scores is null ? new[] { output } : new[] { output, scores };
    }
}
