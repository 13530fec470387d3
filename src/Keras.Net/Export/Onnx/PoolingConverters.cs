using KerasNet.Layers;
using Padding = KerasNet.Layers.Padding;

namespace KerasNet.Export.Onnx;

/// <summary>Max and average pooling (1D, 2D, 3D) and global pooling; adaptive pooling is in <see cref="AdaptivePoolingConverters"/>.</summary>
internal static class PoolingConverters
{
    internal static void Register(Dictionary<Type, OnnxConverter> table)
    {
        table[typeof(BasePooling)] = Pooling;
        table[typeof(GlobalPooling)] = GlobalPooling;
    }

    private static IReadOnlyList<string> Pooling(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var pool = (BasePooling)layer;
        var rank = pool.Rank + 2;
        var x = OnnxConverters.ToChannelsFirst(graph, inputs[0].Name, rank, pool.Format);
        var spatial = DataFormats.Spatial(inputs[0].Shape, pool.Format);
        var attributes = new List<(string, object)> { ("kernel_shape", pool.PoolSize), ("strides", pool.Strides) };
        if (pool.PaddingMode == "same" && spatial.Any(n => n is null)) attributes.Add(("auto_pad", "SAME_UPPER"));
        else
        {
            var pads = new long[2 * pool.Rank];
            if (pool.PaddingMode == "same")
                for (var i = 0; i < pool.Rank; i++)
                    (pads[i], pads[i + pool.Rank]) = Padding.Same(spatial[i]!.Value, pool.PoolSize[i], pool.Strides[i], 1);
            attributes.Add(("pads", pads));
        }
        // Keras's "same" average divides by the number of real elements in the window; ONNX's padding of MaxPool
        // never wins a maximum, as the -inf padding of the layer.
        if (!pool.IsMax) attributes.Add(("count_include_pad", 0L));
        var y = graph.Node(pool.IsMax ? "MaxPool" : "AveragePool", new[] { x }, attributes.ToArray());
        return new[] { OnnxConverters.FromChannelsFirst(graph, y, rank, pool.Format) };
    }

    private static IReadOnlyList<string> GlobalPooling(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var pool = (GlobalPooling)layer;
        if (!pool.IsMax && pool.Rank == 1 && inputs[0].Mask is { } mask)
        {
            // Keras.Net: the average of the real steps only, the count kept from zero.
            var axis = pool.SpatialAxes[0];
            var weights = graph.Node("Unsqueeze", OnnxMasks.ToFloat(graph, mask), graph.Int64s(axis == 1 ? -1 : 1));
            var keepdims = ("keepdims", pool.Keepdims ? 1L : 0L);
            var total = graph.Node("ReduceSum", new[] { graph.Node("Mul", inputs[0].Name, weights), graph.Int64s(axis) }, keepdims);
            var count = graph.Node("ReduceSum", new[] { weights, graph.Int64s(axis) }, keepdims);
            return new[] { graph.Node("Div", total, graph.Node("Max", count, graph.Scalar(1e-7f))) };
        }
        return new[]
        {
            graph.Node(pool.IsMax ? "ReduceMax" : "ReduceMean", new[] { inputs[0].Name },
                ("axes", pool.SpatialAxes), ("keepdims", pool.Keepdims ? 1L : 0L)),
        };
    }
}
