using KerasNet.Layers;

namespace KerasNet.Export.Onnx;

/// <summary>
/// MultiHeadAttention over inputs of rank &gt; 3 or other attention axes: each input is permuted to (batch,
/// non-attention axes..., attention axes..., features) and reshaped to sequences (batch·non-attention sizes, positions,
/// features), the sequence form runs (<see cref="AttentionConverters.Attend"/>), and the output and scores are shaped
/// back to Keras's layouts. Rank-3 inputs attending over axis 1 keep the sequence converter.
/// </summary>
internal static class AttentionAxesConverters
{
    internal static void Register(Dictionary<Type, OnnxConverter> table)
    {
        var sequences = table[typeof(MultiHeadAttention)];
        table[typeof(MultiHeadAttention)] = (layer, graph, inputs) =>
            inputs[0].Rank == 3 && ((MultiHeadAttention)layer).ResolvedAttentionAxes is [1] ? sequences(layer, graph, inputs) : AttentionAxes(layer, graph, inputs);
    }

    private static IReadOnlyList<string> AttentionAxes(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var mha = (MultiHeadAttention)layer;
        if (inputs.Count > 3 || mha.UseCausalMask)
            throw OnnxConverters.Unsupported(layer, $"an attention mask or causal mask over the attention axes [{string.Join(", ", mha.ResolvedAttentionAxes)}] is not exported",
                "Export it without the mask, or attend over sequences (batch, steps, features).");
        var query = inputs[0];
        var rank = query.Rank;
        var axes = mha.ResolvedAttentionAxes.ToArray();
        var others = Enumerable.Range(1, rank - 2).Where(a => !axes.Contains(a)).ToArray();
        var perm = new[] { 0 }.Concat(others).Concat(axes).Append(rank - 1).Select(a => (long)a).ToArray();
        foreach (var input in inputs)
            if (others.Concat(axes).Any(a => input.Shape[a] is null))
                throw OnnxConverters.Unsupported(layer, $"input {input.Shape} has a dynamic size on an axis other than the batch", "Give Keras.Input fixed sizes for the export.");
        var sequences = inputs.Select(i => AsSequences(graph, i, perm, others.Length)).ToArray();
        var key = sequences.Length > 2 ? sequences[2] : sequences[1];
        var (output, scores) = AttentionConverters.Attend(graph, mha, sequences[0], sequences[1], key, null);

        var otherSizes = others.Select(a => query.Shape[a]!.Value).ToArray();
        var querySizes = axes.Select(a => query.Shape[a]!.Value).ToArray();
        var keySizes = axes.Select(a => inputs[1].Shape[a]!.Value).ToArray();
        var features = mha.OutputKernel.Shape.Skip(2).ToArray();
        // (batch, others..., query axes..., features...) back to the input's axis order; the features stay last.
        var grid = graph.Node("Reshape", output, graph.Int64s(new long[] { -1 }.Concat(otherSizes).Concat(querySizes).Concat(features).ToArray()));
        var inverse = new long[rank - 1];
        for (var i = 0; i < rank - 1; i++) inverse[perm[i]] = i;
        var back = inverse.Concat(Enumerable.Range(rank - 1, features.Length).Select(i => (long)i)).ToArray();
        var result = graph.Node("Transpose", new[] { grid }, ("perm", back));
        if (!mha.ReturnAttentionScores) return new[] { result };
        var scoresShape = new long[] { -1 }.Concat(otherSizes).Append(mha.NumHeads).Concat(querySizes).Concat(keySizes).ToArray();
        return new[] { result, graph.Node("Reshape", scores, graph.Int64s(scoresShape)) };
    }

    /// <summary>(batch, d..., features) permuted by <paramref name="perm"/> and reshaped to (batch·non-attention sizes, positions, features).</summary>
    private static OnnxValue AsSequences(OnnxGraph graph, OnnxValue x, long[] perm, int otherCount)
    {
        var sizes = perm.Select(a => x.Shape[(int)a]).ToArray();
        var positions = sizes.Skip(1 + otherCount).SkipLast(1).Aggregate(1L, (a, b) => a * b!.Value);
        var features = sizes[^1]!.Value;
        var permuted = graph.Node("Transpose", new[] { x.Name }, ("perm", perm));
        var flat = graph.Node("Reshape", permuted, graph.Int64s(-1, positions, features));
        return new OnnxValue(flat, new TensorShape(null, positions, features));
    }
}
