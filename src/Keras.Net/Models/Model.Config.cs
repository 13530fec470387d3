using System.Globalization;
using KerasNet.Layers;
using KerasNet.Serialization;

namespace KerasNet.Models;

// A functional model is saved under Keras's class name "Functional"; subclassed models are saved under their own
// (registered) class name.
[KerasSerializable("Functional")]
public partial class Model
{
    /// <summary>
    /// The model's config. A functional model gives Keras's graph format: <c>layers</c> (each with its
    /// <c>class_name</c>, <c>config</c>, <c>name</c> and <c>inbound_nodes</c>: one list of
    /// <c>[layer_name, node_index, tensor_index]</c> references per call of the layer), <c>input_layers</c> and
    /// <c>output_layers</c>. Shared layers have several inbound nodes; nested models are layers whose config is a
    /// model config. Subclassed models give their constructor arguments (override and add yours).
    /// </summary>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        if (graph is null) return config;
        var nodesOf = NodeIndices(graph);
        var layers = new List<object?>();
        foreach (var layer in graph.Layers)
        {
            var serialized = KerasRegistry.Serialize(layer);
            serialized["name"] = layer.Name;
            serialized["inbound_nodes"] = graph.Nodes.Where(n => ReferenceEquals(n.Layer, layer) && n.Layer is not InputLayer)
                .Select(n => (object?)n.Inputs.Select(t => (object?)Reference(t, nodesOf)).ToList()).ToList();
            layers.Add(serialized);
        }
        config["layers"] = layers;
        config["input_layers"] = graph.Inputs.Select(t => (object?)Reference(t, nodesOf)).ToList();
        config["output_layers"] = graph.Outputs.Select(t => (object?)Reference(t, nodesOf)).ToList();
        return config;
    }

    /// <summary>For each node of the graph, its index among the nodes of the same layer in this graph.</summary>
    private static Dictionary<Node, int> NodeIndices(FunctionalGraph graph)
    {
        var indices = new Dictionary<Node, int>(ReferenceEqualityComparer.Instance);
        var counts = new Dictionary<Layer, int>(ReferenceEqualityComparer.Instance);
        foreach (var node in graph.Nodes)
        {
            counts.TryGetValue(node.Layer, out var count);
            indices[node] = count;
            counts[node.Layer] = count + 1;
        }
        return indices;
    }

    private static List<object?> Reference(KerasTensor tensor, Dictionary<Node, int> nodeIndices) =>
        new() { tensor.Layer.Name, (long)nodeIndices[tensor.Node], (long)tensor.OutputIndex };

    /// <summary>
    /// Recreates a functional model (layers, shared layers and nested models included) from <see cref="GetConfig"/>'s
    /// output. Only built-in and registered layer classes are created. The weights are new (initialized as usual).
    /// </summary>
    /// <exception cref="KerasSerializationException">The config is malformed, names an unknown class, or its graph is inconsistent.</exception>
    public static Model FromConfig(IReadOnlyDictionary<string, object?> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var values = KerasRegistry.AsDictionary(config);
        if (!values.ContainsKey("layers") && !values.ContainsKey("input_layers"))
            throw new KerasSerializationException("A Functional config needs 'layers', 'input_layers' and 'output_layers'; this one has none of them " +
                                                  "(a subclassed model must be registered with [KerasSerializable] and saved under its own class name).");
        var name = Value(values, "name") as string;
        var trainable = Value(values, "trainable") is not bool b || b;
        var layerEntries = List(values, "layers", "the Functional config").Select(e => KerasRegistry.AsDictionary(e)).ToList();
        var layers = new List<(Layer Layer, List<object?> Nodes)>();
        var byName = new Dictionary<string, Layer>(StringComparer.Ordinal);
        foreach (var entry in layerEntries)
        {
            var layer = KerasRegistry.Deserialize<Layer>(entry);
            var layerName = Value(entry, "name") as string ?? layer.Name;
            if (!byName.TryAdd(layerName, layer))
                throw new KerasSerializationException($"The Functional config names two layers '{layerName}'.");
            var nodes = entry.ContainsKey("inbound_nodes") ? List(entry, "inbound_nodes", $"layer '{layerName}'") : new List<object?>();
            layers.Add((layer, nodes));
        }
        var outputs = new Dictionary<(string Layer, long Node), IReadOnlyList<KerasTensor>>();
        foreach (var (layer, _) in layers)
            if (layer is InputLayer input) outputs[(layer.Name, 0)] = new[] { input.Output };
        // Keras's order: each pass creates every node whose inputs exist, until none is left; a layer's nodes are
        // created in their saved order, so that node indices keep their meaning.
        var next = new Dictionary<Layer, int>(ReferenceEqualityComparer.Instance);
        foreach (var (layer, _) in layers) next[layer] = 0;
        bool progress;
        do
        {
            progress = false;
            foreach (var (layer, nodes) in layers)
            {
                while (next[layer] < nodes.Count)
                {
                    var references = AsList(nodes[next[layer]], $"an inbound node of layer '{layer.Name}'");
                    var inputs = new List<KerasTensor>();
                    foreach (var reference in references)
                    {
                        var tensor = Resolve(reference, outputs, byName, $"layer '{layer.Name}'");
                        if (tensor is null) break;
                        inputs.Add(tensor);
                    }
                    if (inputs.Count < references.Count) break;
                    if (inputs.Count == 0) throw new KerasSerializationException($"An inbound node of layer '{layer.Name}' has no inputs.");
                    outputs[(layer.Name, next[layer])] = layer.ApplyMulti(inputs.ToArray());
                    next[layer]++;
                    progress = true;
                }
            }
        } while (progress);
        var stuck = layers.Where(l => next[l.Layer] < l.Nodes.Count).Select(l => l.Layer.Name).ToList();
        if (stuck.Count > 0)
            throw new KerasSerializationException($"The Functional config's graph is inconsistent: the inputs of layer(s) {string.Join(", ", stuck)} are never produced.");
        KerasTensor Endpoint(object? reference, string what) =>
            Resolve(reference, outputs, byName, what) ?? throw new KerasSerializationException($"The Functional config's {what} refers to a tensor that the graph does not produce.");
        var modelInputs = List(values, "input_layers", "the Functional config").Select(r => Endpoint(r, "input_layers")).ToList();
        var modelOutputs = List(values, "output_layers", "the Functional config").Select(r => Endpoint(r, "output_layers")).ToList();
        try
        {
            return new Model(modelInputs, modelOutputs, name, trainable);
        }
        catch (ArgumentException e)
        {
            throw new KerasSerializationException($"The Functional config does not describe a valid model: {e.Message}", e);
        }
    }

    /// <summary>The tensor named by <c>[layer_name, node_index, tensor_index]</c>, or null while its node does not exist yet.</summary>
    private static KerasTensor? Resolve(object? reference, Dictionary<(string Layer, long Node), IReadOnlyList<KerasTensor>> outputs,
                                        Dictionary<string, Layer> byName, string where)
    {
        var parts = AsList(reference, $"a tensor reference of {where}");
        if (parts.Count < 3 || parts[0] is not string layerName)
            throw new KerasSerializationException($"A tensor reference of {where} must be [layer_name, node_index, tensor_index].");
        long node, index;
        try
        {
            node = System.Convert.ToInt64(parts[1], CultureInfo.InvariantCulture);
            index = System.Convert.ToInt64(parts[2], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            throw new KerasSerializationException($"A tensor reference of {where} has a non-integer node or tensor index.", e);
        }
        if (!byName.ContainsKey(layerName))
            throw new KerasSerializationException($"A tensor reference of {where} names layer '{layerName}', which the config does not define.");
        if (!outputs.TryGetValue((layerName, node), out var tensors)) return null;
        if (index < 0 || index >= tensors.Count)
            throw new KerasSerializationException($"A tensor reference of {where} asks for output {index} of layer '{layerName}', which has {tensors.Count}.");
        return tensors[(int)index];
    }

    private static object? Value(IReadOnlyDictionary<string, object?> values, string key) =>
        values.TryGetValue(key, out var v) ? v is System.Text.Json.JsonElement json ? KerasRegistry.FromJson(json) : v : null;

    private static List<object?> List(IReadOnlyDictionary<string, object?> values, string key, string where) =>
        values.ContainsKey(key) ? AsList(Value(values, key), $"'{key}' of {where}")
        : throw new KerasSerializationException($"'{key}' is missing from {where}.");

    private static List<object?> AsList(object? value, string what)
    {
        if (value is System.Text.Json.JsonElement json) value = KerasRegistry.FromJson(json);
        return value is System.Collections.IEnumerable list and not string and not IDictionary<string, object?>
            ? list.Cast<object?>().ToList()
            : throw new KerasSerializationException($"{what} must be a list.");
    }
}
