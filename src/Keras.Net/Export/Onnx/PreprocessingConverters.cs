using KerasNet.Layers;

namespace KerasNet.Export.Onnx;

/// <summary>The preprocessing Normalization layer: (x − mean) / std, or x · std + mean with invert, constants from its statistics.</summary>
internal static class PreprocessingConverters
{
    /// <summary>The layer's floor on the standard deviation.</summary>
    private const double StdFloor = 1e-7;

    internal static void Register(Dictionary<Type, OnnxConverter> table) => table[typeof(Normalization)] = Normalize;

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
