using KerasNet.Layers;

namespace KerasNet.Export.Onnx;

/// <summary>
/// Keras masks as graph values: each tensor's mask (boolean, (batch, steps), true = a real step) travels with it in
/// <see cref="OnnxValue.Mask"/>, and every layer's output gets the mask Keras.Net's <c>ComputeMask</c> gives it:
/// a new one from the layers that create masks (their converters record it), the inputs' masks and'ed by Add and the
/// other merge layers, Concatenate's widened masks, and otherwise the layer's own rule, read by calling its
/// <c>ComputeMask</c> on stand-in tensors (a layer that passes the mask on returns it, one that drops it returns null).
/// </summary>
internal static class OnnxMasks
{
    /// <summary>The mask of <paramref name="layer"/>'s first output, named <paramref name="output"/>; null when it carries none.</summary>
    internal static string? Output(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs, string output)
    {
        if (graph.TakeProducedMask(output) is { } produced) return produced;
        var masks = inputs.Select(i => i.Mask).ToArray();
        if (layer is Merge)
            return masks.Where(m => m is not null).Aggregate((string?)null, (all, m) => all is null ? m : graph.Node("And", all, m!));
        if (layer is Concatenate concatenate) return masks.All(m => m is null) ? null : Concatenated(graph, inputs, concatenate.Axis);
        return Probe(layer, inputs);
    }

    /// <summary>Which input's mask (if any) the layer's ComputeMask hands on, found by calling it on stand-ins.</summary>
    private static string? Probe(Layer layer, IReadOnlyList<OnnxValue> inputs)
    {
        using var scope = torch.NewDisposeScope();
        var standIns = inputs.Select(i => torch.zeros(i.Shape.Dims.Select(d => d ?? 1L).ToArray())).ToArray();
        var sentinels = inputs.Select(i => i.Mask is null ? null : torch.ones(new long[] { 1, 1 }, ScalarType.Bool)).ToArray();
        Tensor? result;
        try
        {
            result = inputs.Count == 1 ? layer.ComputeMask(standIns[0], sentinels[0]) : layer.ComputeMask(standIns, sentinels);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or IndexOutOfRangeException or System.Runtime.InteropServices.ExternalException)
        {
            // Without masks to hand on, a ComputeMask that cannot run on stand-ins is taken to give none.
            if (sentinels.All(m => m is null)) return null;
            throw MaskRuleUnknown(layer, e);
        }
        if (result is null) return null;
        var index = Array.FindIndex(sentinels, s => ReferenceEquals(s, result));
        if (index < 0) throw MaskRuleUnknown(layer, null);
        return inputs[index].Mask;
    }

    private static OnnxExportException MaskRuleUnknown(Layer layer, Exception? inner) =>
        OnnxConverters.Unsupported(layer,
            "its ComputeMask builds a new mask in C# code, which the exporter cannot write as ONNX operators (it writes the masks of Masking, " +
            "Embedding and TokenAndPositionEmbedding with maskZero, of the merge layers and Concatenate, and masks passed on or dropped unchanged)",
            "Export the model without the mask (no Masking layer, maskZero: false), or give the layer a ComputeMask that passes its input's mask on or returns null.");

    /// <summary>Concatenate's mask, as Keras 3: each mask widened to its input's shape (all true when unmasked), concatenated, then "any" over the last axis.</summary>
    private static string Concatenated(OnnxGraph graph, IReadOnlyList<OnnxValue> inputs, int axis)
    {
        var widened = inputs.Select(i =>
        {
            var shape = graph.Node("Shape", i.Name);
            if (i.Mask is null) return graph.Node("Expand", True(graph), shape);
            return graph.Node("Expand", graph.Node("Unsqueeze", i.Mask, graph.Int64s(-1)), shape);
        }).ToArray();
        return Any(graph, graph.Node("Concat", widened, ("axis", (long)axis)), -1);
    }

    /// <summary>A boolean true scalar.</summary>
    private static string True(OnnxGraph graph) => ToBool(graph, graph.Scalar(1f));

    /// <summary>A value cast to boolean.</summary>
    internal static string ToBool(OnnxGraph graph, string value) => graph.Node("Cast", new[] { value }, ("to", 9L));

    /// <summary>A boolean value cast to float32 (1 where true).</summary>
    internal static string ToFloat(OnnxGraph graph, string value) => graph.Node("Cast", new[] { value }, ("to", 1L));

    /// <summary>"Any" of a boolean value over <paramref name="axis"/> (dropped): opset 17's reduce operators take no booleans, so through float32.</summary>
    internal static string Any(OnnxGraph graph, string value, long axis) =>
        ToBool(graph, graph.Node("ReduceMax", new[] { ToFloat(graph, value) }, ("axes", new[] { axis }), ("keepdims", 0L)));

    /// <summary>Where <paramref name="x"/> differs from <paramref name="padding"/>: the mask of token ids (padding 0) or of Masking's steps.</summary>
    internal static string NotEqual(OnnxGraph graph, string x, string padding) => graph.Node("Not", graph.Node("Equal", x, padding));
}
