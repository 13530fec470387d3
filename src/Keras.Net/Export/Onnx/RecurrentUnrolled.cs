using KerasNet.Layers;

namespace KerasNet.Export.Onnx;

/// <summary>
/// A recurrent layer written out step by step from MatMul, Split, the activations, Mul, Add and Where, for a
/// sequence length fixed by the model: the layer's own arithmetic, with any named activation (hard_sigmoid
/// included), and Keras.Net's masked steps exactly, wherever they fall. A recurrent layer takes this form when a mask
/// arrives with its input (ONNX's recurrent operators only know right padding, through sequence_lens, and output
/// zeros where Keras.Net repeats the previous output), and an LSTM also when ONNX's LSTM lacks one of its activations.
/// </summary>
/// <remarks>
/// A masked step keeps every state, and its output is the last real step's output (zeros before the first real
/// step), or zeros when the layer sits in a Bidirectional with returnSequences, as Keras.Net's step loop computes.
/// </remarks>
internal static class RecurrentUnrolled
{
    /// <summary>One step: the projected input (batch, gates·units) and the states (null = zeros) to the new states, output first.</summary>
    private delegate string[] Cell(string z, string?[] states);

    /// <summary>
    /// The layer on <paramref name="x"/> (batch, steps, features) with <paramref name="mask"/> (batch, steps) or none,
    /// both already reversed for goBackwards, from <paramref name="states"/> or zeros; returns the output, then the
    /// final states with returnState.
    /// </summary>
    internal static IReadOnlyList<string> Emit(BaseRNN rnn, OnnxGraph graph, string x, string? mask, IReadOnlyList<string> states, long? steps)
    {
        if (steps is not { } length)
            throw OnnxConverters.Unsupported(rnn,
                mask is null
                    ? "it is written out step by step, and the input's sequence length is dynamic"
                    : "a mask arrives with its input, so it is written out step by step (masked steps may fall anywhere), and the input's sequence length is dynamic",
                "Give Keras.Input a fixed sequence length (pad or truncate the sequences to it) for the export.");
        var (cell, inputBias) = CellOf(rnn, graph);
        // (batch, steps, features) · (features, gates·units) + bias, for every step at once.
        var projected = graph.Node("MatMul", x, graph.Weight(rnn.Kernel.Value, "kernel"));
        if (inputBias is not null) projected = graph.Node("Add", projected, graph.Weight(inputBias, "bias"));
        var perStep = PerStep(graph, projected, length);
        var keeps = mask is null ? null : PerStep(graph, mask, length);
        var current = Enumerable.Range(0, rnn.StateCount).Select(i => i < states.Count ? states[i] : null).ToArray();
        var zero = graph.Scalar(0f);
        string? carried = null;
        var outputs = new List<string>();
        for (var t = 0; t < length; t++)
        {
            var next = cell(graph.Node("Squeeze", perStep[t], graph.Int64s(1)), current);
            var output = next[0];
            if (keeps is not null)
            {
                var keep = keeps[t];
                for (var i = 0; i < next.Length; i++) next[i] = graph.Node("Where", keep, next[i], current[i] ?? zero);
                var kept = graph.Node("Where", keep, output, carried ?? zero);
                if (rnn.ReturnSequences) outputs.Add(rnn.ZeroOutputForMask ? graph.Node("Where", keep, output, zero) : kept);
                carried = kept;
            }
            else
            {
                carried = output;
                if (rnn.ReturnSequences) outputs.Add(output);
            }
            current = next;
        }
        var results = new List<string>
        {
            !rnn.ReturnSequences ? carried!
            : outputs.Count == 1 ? graph.Node("Unsqueeze", outputs[0], graph.Int64s(1))
            : graph.Node("Concat", outputs.Select(o => graph.Node("Unsqueeze", o, graph.Int64s(1))).ToArray(), ("axis", 1L)),
        };
        if (rnn.ReturnState) results.AddRange(current.Select(s => s!));
        return results;
    }

    /// <summary>The steps of <paramref name="value"/> along axis 1 (kept, size 1).</summary>
    private static IReadOnlyList<string> PerStep(OnnxGraph graph, string value, long length) =>
        length == 1 ? new[] { value } : graph.Nodes("Split", new[] { value }, (int)length, ("axis", 1L));

    private static (Cell Cell, Tensor? InputBias) CellOf(BaseRNN rnn, OnnxGraph graph)
    {
        var bias = rnn.Bias?.Value.detach();
        string Act(string v) => OnnxActivations.Emit(graph, rnn, rnn.Activation, v);
        string Gate(string v) => OnnxActivations.Emit(graph, rnn, rnn.RecurrentActivation, v);
        switch (rnn)
        {
            case LSTM:
            {
                var recurrentKernel = graph.Weight(rnn.RecurrentKernel.Value, "recurrent_kernel");
                return ((z, s) =>
                {
                    // Zero states contribute nothing: the products with them are left out.
                    if (s[0] is { } h) z = graph.Node("Add", z, graph.Node("MatMul", h, recurrentKernel));
                    var gates = graph.Nodes("Split", new[] { z }, 4, ("axis", -1L));
                    var candidate = graph.Node("Mul", Gate(gates[0]), Act(gates[2]));
                    var c = s[1] is { } cPrev ? graph.Node("Add", graph.Node("Mul", Gate(gates[1]), cPrev), candidate) : candidate;
                    return new[] { graph.Node("Mul", Gate(gates[3]), Act(c)), c };
                }, bias);
            }
            case SimpleRNN:
            {
                var recurrentKernel = graph.Weight(rnn.RecurrentKernel.Value, "recurrent_kernel");
                return ((z, s) => new[] { Act(s[0] is { } h ? graph.Node("Add", z, graph.Node("MatMul", h, recurrentKernel)) : z) }, bias);
            }
            case GRU { ResetAfter: true }:
            {
                var recurrentKernel = graph.Weight(rnn.RecurrentKernel.Value, "recurrent_kernel");
                var recurrentBias = bias is null ? null : graph.Weight(bias[1], "recurrent_bias");
                return ((z, s) =>
                {
                    var x = graph.Nodes("Split", new[] { z }, 3, ("axis", -1L));
                    var inner = s[0] is { } h ? graph.Node("MatMul", h, recurrentKernel) : null;
                    if (recurrentBias is not null) inner = inner is null ? recurrentBias : graph.Node("Add", inner, recurrentBias);
                    if (inner is null) return new[] { Blend(graph, Gate(x[0]), null, Act(x[2])) };
                    var u = graph.Nodes("Split", new[] { inner }, 3, ("axis", -1L));
                    var update = Gate(graph.Node("Add", x[0], u[0]));
                    var reset = Gate(graph.Node("Add", x[1], u[1]));
                    return new[] { Blend(graph, update, s[0], Act(graph.Node("Add", x[2], graph.Node("Mul", reset, u[2])))) };
                }, bias?[0]);
            }
            case GRU:
            {
                var units = rnn.Units;
                using var gatesKernel = rnn.RecurrentKernel.Value.narrow(1, 0, 2 * units);
                using var candidateKernel = rnn.RecurrentKernel.Value.narrow(1, 2 * units, units);
                var gatesWeight = graph.Weight(gatesKernel, "recurrent_kernel/gates");
                var candidateWeight = graph.Weight(candidateKernel, "recurrent_kernel/candidate");
                return ((z, s) =>
                {
                    var x = graph.Nodes("Split", new[] { z }, 3, ("axis", -1L));
                    if (s[0] is not { } h) return new[] { Blend(graph, Gate(x[0]), null, Act(x[2])) };
                    var u = graph.Nodes("Split", new[] { graph.Node("MatMul", h, gatesWeight) }, 2, ("axis", -1L));
                    var update = Gate(graph.Node("Add", x[0], u[0]));
                    var reset = Gate(graph.Node("Add", x[1], u[1]));
                    var candidate = Act(graph.Node("Add", x[2], graph.Node("MatMul", graph.Node("Mul", reset, h), candidateWeight)));
                    return new[] { Blend(graph, update, h, candidate) };
                }, bias);
            }
            default:
                throw OnnxConverters.Unsupported(rnn, "it is a recurrent layer without an ONNX form", "Implement KerasNet.Export.IOnnxExportable on it.");
        }
    }

    /// <summary>GRU's new state z·h + (1 − z)·candidate (h null: zeros).</summary>
    private static string Blend(OnnxGraph graph, string update, string? h, string candidate)
    {
        var fresh = graph.Node("Mul", graph.Node("Sub", graph.Scalar(1f), update), candidate);
        return h is null ? fresh : graph.Node("Add", graph.Node("Mul", update, h), fresh);
    }
}
