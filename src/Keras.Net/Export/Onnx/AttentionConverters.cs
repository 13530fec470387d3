using KerasNet.Layers;

namespace KerasNet.Export.Onnx;

/// <summary>
/// MultiHeadAttention over sequences (batch, steps, features) as MatMul, Reshape, Transpose and Softmax; the
/// Transformer encoder and decoder blocks from it, LayerNormalization and Dense; the position embeddings.
/// </summary>
internal static class AttentionConverters
{
    internal static void Register(Dictionary<Type, OnnxConverter> table)
    {
        table[typeof(MultiHeadAttention)] = MultiHeadAttention;
        table[typeof(TransformerEncoder)] = TransformerEncoder;
        table[typeof(TransformerDecoder)] = TransformerDecoder;
        table[typeof(TokenAndPositionEmbedding)] = TokenAndPositionEmbedding;
        table[typeof(PositionEmbedding)] = PositionEmbedding;
        table[typeof(SinePositionEncoding)] = SinePositionEncoding;
    }

    private static IReadOnlyList<string> MultiHeadAttention(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var mha = (MultiHeadAttention)layer;
        var query = inputs[0];
        var value = inputs[1];
        var key = inputs.Count > 2 ? inputs[2] : value;
        var mask = inputs.Count > 3 ? graph.Node("Unsqueeze", AsBool(graph, inputs[3].Name), graph.Int64s(1)) : null;
        // The masks riding on the query and the value (Embedding with maskZero): a score is kept where both positions are real.
        if (query.Mask is { } queryMask) mask = And(graph, mask, graph.Node("Unsqueeze", queryMask, graph.Int64s(1, 3)));
        if (value.Mask is { } valueMask) mask = And(graph, mask, graph.Node("Unsqueeze", valueMask, graph.Int64s(1, 2)));
        if (mha.UseCausalMask) mask = And(graph, mask, Causal(graph, layer, query.Shape[1], key.Shape[1]));
        var (output, scores) = Attend(graph, mha, query, value, key, mask);
        return mha.ReturnAttentionScores ? new[] { output, scores } : new[] { output };
    }

    /// <summary>
    /// The attention's output (batch, T, output features) and its weights (batch, heads, T, S); <paramref name="mask"/>
    /// is boolean, broadcastable to (batch, heads, T, S), true where a query may attend to a key.
    /// </summary>
    internal static (string Output, string Scores) Attend(OnnxGraph graph, MultiHeadAttention mha, OnnxValue query, OnnxValue value, OnnxValue key, string? mask)
    {
        // Other axes and ranks arrive here reshaped to sequences (AttentionAxesConverters).
        if (query.Rank != 3)
            throw OnnxConverters.Unsupported(mha, $"it attends over the axes [{string.Join(", ", mha.ResolvedAttentionAxes)}] of rank-{query.Rank} inputs",
                "Export attention over sequences (batch, steps, features) with the default attentionAxes; reshape higher-rank inputs to sequences first.");
        // (batch, T, features) → (batch, heads, T, size); the keys come out transposed, (batch, heads, size, S).
        var q = Heads(graph, Project(graph, query.Name, mha.QueryKernel, mha.QueryBias, "query"), mha.NumHeads, mha.KeyDim, new long[] { 0, 2, 1, 3 });
        var k = Heads(graph, Project(graph, key.Name, mha.KeyKernel, mha.KeyBias, "key"), mha.NumHeads, mha.KeyDim, new long[] { 0, 2, 3, 1 });
        var v = Heads(graph, Project(graph, value.Name, mha.ValueKernel, mha.ValueBias, "value"), mha.NumHeads, mha.ValueDim, new long[] { 0, 2, 1, 3 });
        var logits = graph.Node("Mul", graph.Node("MatMul", q, k), graph.Scalar((float)(1 / Math.Sqrt(mha.KeyDim))));
        // Excluded positions get the layer's large negative score, so a fully masked row averages as in Keras.Net.
        if (mask is not null) logits = graph.Node("Add", logits, graph.Node("Where", mask, graph.Scalar(0f), graph.Scalar((float)AttentionMasks.LargeNegative)));
        var scores = graph.Node("Softmax", new[] { logits }, ("axis", -1L));
        var merged = graph.Node("Transpose", new[] { graph.Node("MatMul", scores, v) }, ("perm", new long[] { 0, 2, 1, 3 }));
        merged = graph.Node("Reshape", merged, graph.Int64s(0, 0, mha.NumHeads * mha.ValueDim));
        var outputKernel = mha.OutputKernel.Value;
        var outputs = outputKernel.shape.Skip(2).Aggregate(1L, (a, b) => a * b);
        using var flatKernel = outputKernel.reshape(mha.NumHeads * mha.ValueDim, outputs);
        var output = graph.Node("MatMul", merged, graph.Weight(flatKernel, "attention_output/kernel"));
        if (mha.OutputBias is { } bias)
        {
            using var flatBias = bias.Value.reshape(outputs);
            output = graph.Node("Add", output, graph.Weight(flatBias, "attention_output/bias"));
        }
        if (outputKernel.dim() > 3)
            output = graph.Node("Reshape", output, graph.Int64s(new long[] { 0, 0 }.Concat(outputKernel.shape.Skip(2)).ToArray()));
        return (output, scores);
    }

    /// <summary>x (batch, steps, features) · kernel (features, heads, size) + bias (heads, size), flattened to (batch, steps, heads·size).</summary>
    private static string Project(OnnxGraph graph, string x, Variable kernel, Variable? bias, string name)
    {
        var shape = kernel.Shape;
        using var flatKernel = kernel.Value.reshape(shape[0], shape[1] * shape[2]);
        var y = graph.Node("MatMul", x, graph.Weight(flatKernel, name + "/kernel"));
        if (bias is null) return y;
        using var flatBias = bias.Value.reshape(shape[1] * shape[2]);
        return graph.Node("Add", y, graph.Weight(flatBias, name + "/bias"));
    }

    private static string Heads(OnnxGraph graph, string x, long heads, long size, long[] perm) =>
        graph.Node("Transpose", new[] { graph.Node("Reshape", x, graph.Int64s(0, 0, heads, size)) }, ("perm", perm));

    private static string AsBool(OnnxGraph graph, string mask) => graph.Node("Cast", new[] { mask }, ("to", 9L));

    private static string? And(OnnxGraph graph, string? a, string? b) => a is null ? b : b is null ? a : graph.Node("And", a, b);

    /// <summary>The (T, S) lower-triangular boolean mask (query t sees keys 0..t), as a constant.</summary>
    private static string Causal(OnnxGraph graph, Layer layer, long? queries, long? keys)
    {
        if (queries is not { } t || keys is not { } s)
            throw OnnxConverters.Unsupported(layer, "its causal mask needs the sequence lengths, and the input's length is dynamic",
                "Give Keras.Input a fixed sequence length for the export.");
        var values = new float[t * s];
        for (var i = 0; i < t; i++)
            for (var j = 0; j <= i && j < s; j++)
                values[i * s + j] = 1f;
        return AsBool(graph, graph.Floats(new[] { t, s }, values, "causal_mask"));
    }

    /// <summary>A padding mask (batch, S) as (batch, 1, 1, S), and'ed with an attention mask (batch, T, S) as (batch, 1, T, S).</summary>
    private static string? KeyMask(OnnxGraph graph, string? padding, string? attention)
    {
        var mask = padding is null ? null : graph.Node("Unsqueeze", AsBool(graph, padding), graph.Int64s(1, 2));
        return And(graph, mask, attention is null ? null : graph.Node("Unsqueeze", AsBool(graph, attention), graph.Int64s(1)));
    }

    private static IReadOnlyList<string> TransformerEncoder(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var encoder = (TransformerEncoder)layer;
        // A padding-mask input, or else the mask riding on the sequence (Embedding with maskZero), as Keras.Net.
        var mask = KeyMask(graph, inputs.Count > 1 ? inputs[1].Name : inputs[0].Mask, inputs.Count > 2 ? inputs[2].Name : null);
        var parts = encoder.SelfAttentionParts;
        var y = Residual(graph, encoder, inputs[0], parts.Norm, h => Attend(graph, parts.Attention, h, h, h, mask).Output);
        return new[] { Feedforward(graph, encoder, y) };
    }

    private static IReadOnlyList<string> TransformerDecoder(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var decoder = (TransformerDecoder)layer;
        var x = inputs[0];
        var next = 1;
        OnnxValue? encoder = inputs.Count > 1 && inputs[1].Rank == 3 ? inputs[next++] : null;
        var decoderPadding = inputs.Count > next ? inputs[next++].Name : x.Mask;
        var encoderPadding = inputs.Count > next ? inputs[next].Name : null;
        var selfMask = And(graph, KeyMask(graph, decoderPadding, null), Causal(graph, layer, x.Shape[1], x.Shape[1]));
        var self = decoder.SelfAttentionParts;
        var y = Residual(graph, decoder, x, self.Norm, h => Attend(graph, self.Attention, h, h, h, selfMask).Output);
        if (encoder is { } memory && decoder.CrossAttentionParts is { } cross)
        {
            var crossMask = KeyMask(graph, encoderPadding, null);
            y = Residual(graph, decoder, y, cross.Norm, h => Attend(graph, cross.Attention, h, memory, memory, crossMask).Output);
        }
        return new[] { Feedforward(graph, decoder, y) };
    }

    /// <summary>x + part(x) normalized after (or part of the normalized x, added to x, with normalizeFirst); dropout is the identity.</summary>
    private static OnnxValue Residual(OnnxGraph graph, TransformerBlock block, OnnxValue x, LayerNormalization norm, Func<OnnxValue, string> part)
    {
        var input = block.NormalizeFirst ? Apply(graph, norm, x) : x;
        var sum = new OnnxValue(graph.Node("Add", part(input), x.Name), x.Shape);
        return block.NormalizeFirst ? sum : Apply(graph, norm, sum);
    }

    private static string Feedforward(OnnxGraph graph, TransformerBlock block, OnnxValue x)
    {
        var (norm, intermediate, output) = block.FeedforwardParts;
        return Residual(graph, block, x, norm, h => Apply(graph, output, Apply(graph, intermediate, h)).Name).Name;
    }

    private static OnnxValue Apply(OnnxGraph graph, Layer sublayer, OnnxValue x) => OnnxExporter.EmitLayer(sublayer, graph, new[] { x })[0];

    private static IReadOnlyList<string> TokenAndPositionEmbedding(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var embedding = (TokenAndPositionEmbedding)layer;
        var indices = graph.Node("Cast", new[] { inputs[0].Name }, ("to", 7L));
        var tokens = graph.Node("Gather", new[] { graph.Weight(embedding.TokenEmbeddings.Value, "token_embedding/embeddings"), indices }, ("axis", 0L));
        var y = graph.Node("Add", tokens, Positions(graph, embedding.PositionEmbeddings.Value, inputs[0].Name, -1, "position_embedding/embeddings"));
        if (embedding.MaskZero) graph.SetProducedMask(y, CoreConverters.TokenMask(graph, indices));
        return new[] { y };
    }

    private static IReadOnlyList<string> PositionEmbedding(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var positions = Positions(graph, ((PositionEmbedding)layer).Embeddings.Value, inputs[0].Name, -2, "embeddings");
        return new[] { graph.Node("Expand", positions, graph.Node("Shape", inputs[0].Name)) };
    }

    /// <summary>The first rows of <paramref name="table"/>, as many as <paramref name="x"/>'s axis <paramref name="axis"/> has steps.</summary>
    private static string Positions(OnnxGraph graph, Tensor table, string x, long axis, string name)
    {
        var length = axis == -1 ? graph.Node("Shape", new[] { x }, ("start", axis)) : graph.Node("Shape", new[] { x }, ("start", axis), ("end", axis + 1));
        return graph.Node("Slice", graph.Weight(table, name), graph.Int64s(0), length, graph.Int64s(0));
    }

    private static IReadOnlyList<string> SinePositionEncoding(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var shape = inputs[0].Shape;
        if (shape[-2] is not { } length)
            throw OnnxConverters.Unsupported(layer, "its encodings depend on the sequence length, and the input's length is dynamic",
                "Give Keras.Input a fixed sequence length for the export.");
        // The encodings depend only on the length and the features: computed once by the layer, stored as a constant.
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var table = layer.Apply(torch.zeros(1, length, shape[-1]!.Value))[0];
        return new[] { graph.Node("Expand", graph.Weight(table, "encodings"), graph.Node("Shape", inputs[0].Name)) };
    }
}
