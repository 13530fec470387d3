using KerasNet.Layers;

namespace KerasNet.Models;

/// <summary>
/// The layer graph between a functional model's inputs and outputs: its nodes in an order where every node comes
/// after the nodes that feed it, and the means to run them.
/// </summary>
internal sealed class FunctionalGraph
{
    internal FunctionalGraph(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs, string modelName)
    {
        if (inputs.Count == 0) throw new ArgumentException($"Model '{modelName}' needs at least one input.", nameof(inputs));
        if (outputs.Count == 0) throw new ArgumentException($"Model '{modelName}' needs at least one output.", nameof(outputs));
        foreach (var input in inputs)
            if (input.Layer is not InputLayer)
                throw new ArgumentException($"Model '{modelName}': every input must come from Keras.Input(...); '{input.Name}' is produced by layer '{input.Layer.Name}'.", nameof(inputs));
        Inputs = inputs;
        Outputs = outputs;
        Nodes = Sort(outputs);
        var reachableInputs = Nodes.Where(n => n.Layer is InputLayer).Select(n => n.Outputs[0]).ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var needed in reachableInputs)
            if (!inputs.Contains((KerasTensor)needed!))
                throw new ArgumentException(
                    $"Model '{modelName}': the outputs depend on input '{((KerasTensor)needed!).Name}', which is not among the model's inputs. Pass it in the inputs list.", nameof(inputs));
        Layers = Nodes.Select(n => n.Layer).Distinct().ToList();
    }

    internal IReadOnlyList<KerasTensor> Inputs { get; }

    internal IReadOnlyList<KerasTensor> Outputs { get; }

    internal IReadOnlyList<Node> Nodes { get; }

    internal IReadOnlyList<Layer> Layers { get; }

    private static List<Node> Sort(IReadOnlyList<KerasTensor> outputs)
    {
        var order = new List<Node>();
        var done = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var visiting = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        void Visit(Node node)
        {
            if (done.Contains(node)) return;
            if (!visiting.Add(node)) throw new ArgumentException($"The layer graph has a cycle through layer '{node.Layer.Name}'.");
            foreach (var input in node.Inputs) Visit(input.Node);
            visiting.Remove(node);
            done.Add(node);
            order.Add(node);
        }
        foreach (var output in outputs) Visit(output.Node);
        return order;
    }

    /// <summary>Runs every node on concrete inputs and returns the outputs.</summary>
    internal IReadOnlyList<Tensor> Run(IReadOnlyList<Tensor> inputs, CallContext context, string modelName)
    {
        if (inputs.Count != Inputs.Count)
            throw new ArgumentException($"Model '{modelName}' has {Inputs.Count} input(s) ({string.Join(", ", Inputs.Select(i => i.Name))}); received {inputs.Count}.");
        var values = new Dictionary<KerasTensor, Tensor>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < inputs.Count; i++)
        {
            var expected = Inputs[i].Shape;
            var received = TensorShape.Of(inputs[i].shape);
            if (!expected.IsCompatibleWith(received))
                throw new ArgumentException(
                    $"Model '{modelName}' input '{Inputs[i].Name}' expects shape {expected}; received {received}.");
            values[Inputs[i]] = inputs[i];
        }
        foreach (var node in Nodes)
        {
            if (node.Layer is InputLayer) continue;
            var nodeInputs = node.Inputs.Select(t => values[t]).ToArray();
            var results = node.Layer.CallWithChecks(nodeInputs, node.Training is { } training ? context.WithTraining(training) : context);
            for (var i = 0; i < node.Outputs.Count; i++) values[node.Outputs[i]] = results[i];
        }
        return Outputs.Select(o => values[o]).ToArray();
    }
}
