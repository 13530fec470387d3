using KerasNet.Activations;
using KerasNet.Layers;

namespace KerasNet.Export.Onnx;

/// <summary>
/// LSTM, GRU and SimpleRNN as ONNX's LSTM, GRU and RNN operators (one direction, time-major inside the node), and
/// Bidirectional as two of them, at any sequence length. Keras's weights (inputs, gates · units) are transposed to
/// ONNX's (gates · units, inputs); LSTM's i, f, c, o gates are reordered to ONNX's i, o, f, c; GRU's z, r, h order is
/// ONNX's, and its resetAfter is ONNX's linear_before_reset. A layer whose input carries a mask, and an LSTM whose
/// activations ONNX's LSTM lacks, are unrolled over their steps (see <see cref="RecurrentUnrolled"/>).
/// </summary>
internal static class RecurrentConverters
{
    internal static void Register(Dictionary<Type, OnnxConverter> table)
    {
        table[typeof(BaseRNN)] = (layer, graph, inputs) => Recurrent((BaseRNN)layer, graph, inputs.Select(i => i.Name).ToArray(), inputs[0].Mask, inputs[0].Shape[1]);
        table[typeof(Bidirectional)] = Bidirectional;
    }

    private static IReadOnlyList<string> Recurrent(BaseRNN rnn, OnnxGraph graph, IReadOnlyList<string> inputs, string? mask, long? steps)
    {
        if (rnn.Stateful)
            throw OnnxConverters.Unsupported(rnn, "it is stateful (its states carry over between calls)", "Export a copy built with stateful: false and the same weights.");
        var x = inputs[0];
        if (rnn.GoBackwards)
        {
            x = Reverse(graph, x);
            if (mask is not null) mask = Reverse(graph, mask);
        }
        var lstmActivations = rnn is LSTM ? LstmActivations(rnn) : null;
        if (mask is not null || (rnn is LSTM && lstmActivations is null))
            return RecurrentUnrolled.Emit(rnn, graph, x, mask, inputs.Skip(1).ToArray(), steps);
        var timeMajor = graph.Node("Transpose", new[] { x }, ("perm", new long[] { 1, 0, 2 }));
        var (op, weights, attributes) = rnn switch
        {
            LSTM => ("LSTM", LstmWeights(rnn), new List<(string, object)> { ("activations", lstmActivations!) }),
            GRU gru => ("GRU", GruWeights(gru), new List<(string, object)>
            {
                ("activations", new[] { Activation(rnn, rnn.RecurrentActivation), Activation(rnn, rnn.Activation) }), ("linear_before_reset", gru.ResetAfter ? 1L : 0L),
            }),
            SimpleRNN => ("RNN", RnnWeights(rnn), new List<(string, object)> { ("activations", new[] { Activation(rnn, rnn.Activation) }) }),
            _ => throw OnnxConverters.Unsupported(rnn, "it is a recurrent layer without an ONNX operator", "Implement KerasNet.Export.IOnnxExportable on it."),
        };
        attributes.Add(("hidden_size", rnn.Units));
        var operands = new List<string> { timeMajor };
        operands.AddRange(weights.Select(w => graph.Weight(w.Value, w.Name)));
        // Optional inputs: sequence_lens (none), then the initial states, each (1, batch, units).
        if (inputs.Count > 1)
        {
            operands.Add("");
            operands.AddRange(inputs.Skip(1).Select(s => graph.Node("Unsqueeze", s, graph.Int64s(0))));
        }
        foreach (var (_, w) in weights) w.Dispose();
        var outputs = graph.Nodes(op, operands, rnn.StateCount + 1, attributes.ToArray());
        var last = graph.Node("Squeeze", outputs[1], graph.Int64s(0));
        var results = new List<string>
        {
            rnn.ReturnSequences
                ? graph.Node("Transpose", new[] { graph.Node("Squeeze", outputs[0], graph.Int64s(1)) }, ("perm", new long[] { 1, 0, 2 }))
                : last,
        };
        if (rnn.ReturnState)
        {
            results.Add(last);
            if (rnn.StateCount == 2) results.Add(graph.Node("Squeeze", outputs[2], graph.Int64s(0)));
        }
        return results;
    }

    /// <summary>The value reversed along its time axis (1).</summary>
    private static string Reverse(OnnxGraph graph, string x) =>
        graph.Node("Slice", x, graph.Int64s(-1), graph.Int64s(long.MinValue), graph.Int64s(1), graph.Int64s(-1));

    private static string Activation(Layer layer, ActivationFunction function) => function.IsBuiltIn ? function.Name switch
    {
        "sigmoid" => "Sigmoid",
        "tanh" => "Tanh",
        "relu" => "Relu",
        _ => throw OnnxConverters.Unsupported(layer, $"ONNX's recurrent operators have no '{function.Name}' activation", "Use sigmoid, tanh or relu."),
    } : throw OnnxConverters.Unsupported(layer, $"its activation '{function.Name}' is a custom C# function", "Use sigmoid, tanh or relu.");

    /// <summary>
    /// ONNX's f, g, h activations for an LSTM (recurrentActivation for the gates, activation for the candidate and the
    /// cell output), or null when ONNX's LSTM has no parameter-free equal of one of them (the layer is then unrolled).
    /// </summary>
    private static string[]? LstmActivations(BaseRNN rnn)
    {
        static string? Map(ActivationFunction function) => !function.IsBuiltIn ? null : function.Name switch
        {
            "sigmoid" => "Sigmoid",
            "tanh" => "Tanh",
            "relu" => "Relu",
            "softsign" => "Softsign",
            "softplus" => "Softplus",
            _ => null,
        };
        var gate = Map(rnn.RecurrentActivation);
        var activation = Map(rnn.Activation);
        return gate is null || activation is null ? null : new[] { gate, activation, activation };
    }

    /// <summary>W (1, gates·units, inputs), R (1, gates·units, units) and B (1, 2·gates·units): input bias, then recurrent bias.</summary>
    private static List<(string Name, Tensor Value)> Weights(BaseRNN rnn, Func<Tensor, Tensor> reorder, Tensor? inputBias, Tensor? recurrentBias)
    {
        var list = new List<(string Name, Tensor Value)>
        {
            ("W", reorder(rnn.Kernel.Value.detach()).t().unsqueeze(0)),
            ("R", reorder(rnn.RecurrentKernel.Value.detach()).t().unsqueeze(0)),
        };
        if (inputBias is not null)
        {
            using var zeros = torch.zeros_like(inputBias);
            list.Add(("B", torch.cat(new[] { reorder(inputBias), recurrentBias is null ? zeros : reorder(recurrentBias) }, -1).unsqueeze(0)));
        }
        return list;
    }

    private static List<(string Name, Tensor Value)> GruWeights(GRU gru)
    {
        var bias = gru.Bias?.Value.detach();
        return gru.ResetAfter && bias is not null ? Weights(gru, t => t, bias[0], bias[1]) : Weights(gru, t => t, bias, null);
    }

    /// <summary>LSTM's weights with Keras's i, f, c, o gate blocks (along the last axis) in ONNX's i, o, f, c order.</summary>
    private static List<(string Name, Tensor Value)> LstmWeights(BaseRNN rnn)
    {
        static Tensor Reorder(Tensor t)
        {
            using var scope = torch.NewDisposeScope();
            var gates = t.chunk(4, -1);
            return torch.cat(new[] { gates[0], gates[3], gates[1], gates[2] }, -1).MoveToOuterDisposeScope();
        }
        return Weights(rnn, Reorder, rnn.Bias?.Value.detach(), null);
    }

    private static List<(string Name, Tensor Value)> RnnWeights(BaseRNN rnn) => Weights(rnn, t => t, rnn.Bias?.Value.detach(), null);

    private static IReadOnlyList<string> Bidirectional(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var bidirectional = (Bidirectional)layer;
        var forward = bidirectional.ForwardLayer;
        var states = forward.StateCount;
        var names = inputs.Select(i => i.Name).ToArray();
        var forwardInputs = names.Length == 1 ? names : names.Take(1 + states).ToArray();
        var backwardInputs = names.Length == 1 ? names : names.Take(1).Concat(names.Skip(1 + states)).ToArray();
        var f = Recurrent(forward, graph, forwardInputs, inputs[0].Mask, inputs[0].Shape[1]);
        var b = Recurrent(bidirectional.BackwardLayer, graph, backwardInputs, inputs[0].Mask, inputs[0].Shape[1]);
        var y = f[0];
        var yReversed = forward.ReturnSequences ? Reverse(graph, b[0]) : b[0];
        var outputs = new List<string>();
        switch (bidirectional.MergeMode)
        {
            case "concat": outputs.Add(graph.Node("Concat", new[] { y, yReversed }, ("axis", -1L))); break;
            case "sum": outputs.Add(graph.Node("Add", y, yReversed)); break;
            case "mul": outputs.Add(graph.Node("Mul", y, yReversed)); break;
            case "ave": outputs.Add(graph.Node("Mul", graph.Node("Add", y, yReversed), graph.Scalar(0.5f))); break;
            default: outputs.Add(y); outputs.Add(yReversed); break;
        }
        outputs.AddRange(f.Skip(1));
        outputs.AddRange(b.Skip(1));
        return outputs;
    }
}
