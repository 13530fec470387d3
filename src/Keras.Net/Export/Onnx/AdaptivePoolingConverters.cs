using KerasNet.Layers;

namespace KerasNet.Export.Onnx;

/// <summary>
/// Adaptive average and max pooling over 1, 2 or 3 spatial axes of known size. Torch's window i along an axis of
/// n elements pooled to m is [floor(i·n/m), ceil((i+1)·n/m)): equal windows are one pooling operator, unequal ones a
/// reduction per window (pooling a box is separable, axis by axis, for both the mean and the maximum).
/// </summary>
internal static class AdaptivePoolingConverters
{
    internal static void Register(Dictionary<Type, OnnxConverter> table)
    {
        table[typeof(AdaptivePooling)] = AdaptivePooling;
    }

    private static IReadOnlyList<string> AdaptivePooling(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var pool = (AdaptivePooling)layer;
        var rank = pool.Rank + 2;
        var spatial = DataFormats.Spatial(inputs[0].Shape, pool.Format);
        if (spatial.Any(n => n is null))
            throw OnnxConverters.Unsupported(layer, $"its pooling windows depend on the spatial sizes, and input {inputs[0].Shape} has a dynamic one",
                "Give Keras.Input fixed spatial sizes for the export.");
        var sizes = spatial.Select(n => n!.Value).ToArray();
        var x = OnnxConverters.ToChannelsFirst(graph, inputs[0].Name, rank, pool.Format);
        string y;
        if (pool.OutputSize.All(s => s == 1))
            y = graph.Node(pool.IsMax ? "GlobalMaxPool" : "GlobalAveragePool", x);
        else if (sizes.Zip(pool.OutputSize).All(p => p.First % p.Second == 0))
        {
            var kernel = sizes.Zip(pool.OutputSize).Select(p => p.First / p.Second).ToArray();
            y = graph.Node(pool.IsMax ? "MaxPool" : "AveragePool", new[] { x }, ("kernel_shape", kernel), ("strides", kernel));
        }
        else
        {
            y = x;
            for (var axis = 0; axis < pool.Rank; axis++) y = PoolAxis(graph, y, axis + 2, sizes[axis], pool.OutputSize[axis], pool.IsMax);
        }
        return new[] { OnnxConverters.FromChannelsFirst(graph, y, rank, pool.Format) };
    }

    private static string PoolAxis(OnnxGraph graph, string x, long axis, long n, long m, bool isMax)
    {
        if (n == m) return x;
        var windows = new string[m];
        for (long i = 0; i < m; i++)
        {
            long start = i * n / m, end = ((i + 1) * n + m - 1) / m;
            var window = graph.Node("Slice", x, graph.Int64s(start), graph.Int64s(end), graph.Int64s(axis));
            windows[i] = graph.Node(isMax ? "ReduceMax" : "ReduceMean", new[] { window }, ("axes", new[] { axis }), ("keepdims", 1L));
        }
        return m == 1 ? windows[0] : graph.Node("Concat", windows, ("axis", axis));
    }
}
