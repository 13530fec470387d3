using KerasNet.Layers;

namespace KerasNet.Export.Onnx;

/// <summary>
/// The preprocessing Normalization layer ((x − mean) / std, or x · std + mean with invert, constants from its
/// statistics) and AutoContrast (each image's channels stretched from their minimum and maximum to the value range).
/// </summary>
internal static class PreprocessingConverters
{
    /// <summary>The layer's floor on the standard deviation.</summary>
    private const double StdFloor = 1e-7;

    internal static void Register(Dictionary<Type, OnnxConverter> table)
    {
        table[typeof(Normalization)] = Normalize;
        table[typeof(AutoContrast)] = AutoContrast;
    }

    private static IReadOnlyList<string> AutoContrast(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var contrast = (AutoContrast)layer;
        if (inputs[0].Rank != 4)
            throw OnnxConverters.Unsupported(layer, $"input {inputs[0].Shape} is not a batch of images (rank 4)", "Give the model batched images.");
        var x = OnnxConverters.ToChannelsFirst(graph, graph.Node("Cast", new[] { inputs[0].Name }, ("to", 1L)), 4, contrast.Format);
        var low = graph.Node("ReduceMin", new[] { x }, ("axes", new long[] { 2, 3 }), ("keepdims", 1L));
        var span = graph.Node("Sub", graph.Node("ReduceMax", new[] { x }, ("axes", new long[] { 2, 3 }), ("keepdims", 1L)), low);
        var unit = graph.Node("Clip", graph.Node("Div", graph.Node("Sub", x, low), span), graph.Scalar(0f), graph.Scalar(1f));
        var (from, to) = (contrast.ValueRange[0], contrast.ValueRange[1]);
        var stretched = graph.Node("Add", graph.Node("Mul", unit, graph.Scalar((float)(to - from))), graph.Scalar((float)from));
        // A flat channel (span 0) is left as it is.
        var y = graph.Node("Where", graph.Node("Greater", span, graph.Scalar(0f)), stretched, x);
        return new[] { OnnxConverters.FromChannelsFirst(graph, y, 4, contrast.Format) };
    }

    private static IReadOnlyList<string> Normalize(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var normalization = (Normalization)layer;
        var shape = inputs[0].Shape;
        var rank = shape.Rank;
        var kept = normalization.Axis.Select(a => a < 0 ? a + rank : a).ToArray();
        var broadcast = Enumerable.Range(0, rank).Select(i => kept.Contains(i) ? shape[i]!.Value : 1L).ToArray();
        string mean, std;
        if (normalization.Mean is { } given)
        {
            var constantShape = given.Length == 1 ? new long[] { 1 } : broadcast;
            mean = graph.Floats(constantShape, given.Select(m => (float)m).ToArray(), "mean");
            std = graph.Floats(constantShape, normalization.Variance!.Select(v => (float)Math.Max(Math.Sqrt(v), StdFloor)).ToArray(), "std");
        }
        else
        {
            using var scope = torch.NewDisposeScope();
            mean = graph.Weight(normalization.CurrentMean!.reshape(broadcast), "mean");
            std = graph.Weight(normalization.CurrentVariance!.reshape(broadcast).sqrt().clamp(StdFloor, null), "std");
        }
        var x = graph.Node("Cast", new[] { inputs[0].Name }, ("to", 1L));
        return new[] { normalization.Invert ? graph.Node("Add", graph.Node("Mul", x, std), mean) : graph.Node("Div", graph.Node("Sub", x, mean), std) };
    }
}
