namespace KerasNet.Layers;

/// <summary>
/// The functional call forms shared by MultiHeadAttention and GroupQueryAttention: a graph node's inputs are
/// <c>[query, value]</c>, <c>[query, value, key]</c> or <c>[query, value, key, attentionMask]</c>, and its two call
/// flags (causal mask, returned scores) belong to the layer, so a layer already in a graph cannot change them.
/// </summary>
internal static class AttentionGraphCalls
{
    /// <summary>Builds <paramref name="layer"/> for the query, value and key shapes if needed and lists the node's inputs.</summary>
    internal static KerasTensor[] Inputs(Layer layer, KerasTensor query, KerasTensor value, KerasTensor? key, KerasTensor? attentionMask)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(value);
        if (!layer.Built) layer.BuildFor(new[] { query.Shape, value.Shape, (key ?? value).Shape });
        if (attentionMask is not null) return new[] { query, value, key ?? value, attentionMask };
        return key is null ? new[] { query, value } : new[] { query, value, key };
    }

    /// <summary>
    /// Whether a graph call may set the layer's flags to (<paramref name="causal"/>, <paramref name="returnScores"/>):
    /// true when they change and the layer is not in a graph yet; false when they are unchanged.
    /// </summary>
    /// <exception cref="InvalidOperationException">The layer is already in a graph with other flags.</exception>
    internal static bool FlagsChange(Layer layer, bool currentCausal, bool currentScores, bool causal, bool returnScores)
    {
        if (causal == currentCausal && returnScores == currentScores) return false;
        if (layer.InboundNodes.Count > 0)
            throw new InvalidOperationException(
                $"{layer.GetType().Name} '{layer.Name}' is already used in a graph with useCausalMask: {currentCausal} and attention scores " +
                $"{(currentScores ? "returned" : "not returned")}; a graph call's flags belong to the layer, so a second call cannot change them. " +
                $"Use a second {layer.GetType().Name} layer (sharing weights is not possible with other flags).");
        return true;
    }
}
