using KerasNet.Layers;

namespace KerasNet.Export.Onnx;

/// <summary>
/// LSTM written out step by step from MatMul, Split, the activations, Mul and Add, for a sequence length fixed by
/// the model: the layer's own arithmetic, with any named activation (hard_sigmoid included). ONNX's LSTM operator,
/// with Keras's gates reordered to its i, o, f, c, gave the same numbers as this form in ONNX Runtime (both differed
/// from Keras.Net only while the layer's own inference path was wrong), so it could replace this form later to
/// allow dynamic sequence lengths.
/// </summary>
internal static class LstmUnrolled
{
    /// <summary>
    /// The layer on <paramref name="x"/> (batch, steps, features; already reversed for goBackwards), from
    /// <paramref name="states"/> (h, c) or zeros; returns the output, then h and c with returnState.
    /// </summary>
    internal static IReadOnlyList<string> Emit(LSTM lstm, OnnxGraph graph, string x, IReadOnlyList<string> states, long? steps)
    {
        if (steps is not { } length)
            throw OnnxConverters.Unsupported(lstm, "it is written out step by step, and the input's sequence length is dynamic",
                "Give Keras.Input a fixed sequence length (pad or truncate the sequences to it) for the export.");
        // (batch, steps, features) · (features, 4u) + bias, for every step at once.
        var projected = graph.Node("MatMul", x, graph.Weight(lstm.Kernel.Value, "kernel"));
        if (lstm.Bias is { } bias) projected = graph.Node("Add", projected, graph.Weight(bias.Value, "bias"));
        var perStep = length == 1 ? new[] { projected } : graph.Nodes("Split", new[] { projected }, (int)length, ("axis", 1L)).ToArray();
        var recurrentKernel = graph.Weight(lstm.RecurrentKernel.Value, "recurrent_kernel");
        string? h = states.Count > 0 ? states[0] : null;
        string? c = states.Count > 1 ? states[1] : null;
        var outputs = new List<string>();
        foreach (var step in perStep)
        {
            var z = graph.Node("Squeeze", step, graph.Int64s(1));
            // Zero initial states contribute nothing: the first step skips their products.
            if (h is not null) z = graph.Node("Add", z, graph.Node("MatMul", h, recurrentKernel));
            var gates = graph.Nodes("Split", new[] { z }, 4, ("axis", -1L));
            var input = OnnxActivations.Emit(graph, lstm, lstm.RecurrentActivation, gates[0]);
            var candidate = graph.Node("Mul", input, OnnxActivations.Emit(graph, lstm, lstm.Activation, gates[2]));
            c = c is null ? candidate : graph.Node("Add", graph.Node("Mul", OnnxActivations.Emit(graph, lstm, lstm.RecurrentActivation, gates[1]), c), candidate);
            h = graph.Node("Mul", OnnxActivations.Emit(graph, lstm, lstm.RecurrentActivation, gates[3]), OnnxActivations.Emit(graph, lstm, lstm.Activation, c));
            if (lstm.ReturnSequences) outputs.Add(graph.Node("Unsqueeze", h, graph.Int64s(1)));
        }
        var results = new List<string>
        {
            !lstm.ReturnSequences ? h! : outputs.Count == 1 ? outputs[0] : graph.Node("Concat", outputs, ("axis", 1L)),
        };
        if (lstm.ReturnState)
        {
            results.Add(h!);
            results.Add(c!);
        }
        return results;
    }
}
