using KerasNet.Applications;

namespace KerasNet.Export.Onnx;

/// <summary>
/// The applications' own blocks: LayerScale, InceptionInputTransform, TorchPooling2D (torchvision's pooling with
/// padding, ceil mode and count_include_pad), TokenPooling, VitTokenEmbedding and TorchSelfAttention.
/// </summary>
internal static class ApplicationConverters
{
    private static readonly double[] ImageNetMean = { 0.485, 0.456, 0.406 }, ImageNetStd = { 0.229, 0.224, 0.225 };

    internal static void Register(Dictionary<Type, OnnxConverter> table)
    {
        table[typeof(LayerScale)] = (layer, graph, inputs) => new[] { graph.Node("Mul", inputs[0].Name, graph.Weight(OnnxConverters.Weight(layer, "scale")!.Value, "scale")) };
        table[typeof(InceptionInputTransform)] = InceptionInputTransform;
        table[typeof(TorchPooling2D)] = TorchPooling;
        table[typeof(TokenPooling)] = TokenPooling;
        table[typeof(VitTokenEmbedding)] = VitTokenEmbedding;
        table[typeof(TorchSelfAttention)] = TorchSelfAttention;
    }

    /// <summary>x · (std / 0.5) + (mean − 0.5) / 0.5 per channel: ImageNet normalization undone from the [-1, 1] scaling.</summary>
    private static IReadOnlyList<string> InceptionInputTransform(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var shape = new long[] { 1, 3, 1, 1 };
        var scale = graph.Floats(shape, ImageNetStd.Select(s => (float)(s / 0.5)).ToArray(), "scale");
        var shift = graph.Floats(shape, ImageNetMean.Select(m => (float)((m - 0.5) / 0.5)).ToArray(), "shift");
        return new[] { graph.Node("Add", graph.Node("Mul", inputs[0].Name, scale), shift) };
    }

    private static IReadOnlyList<string> TorchPooling(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var pool = (TorchPooling2D)layer;
        var attributes = new List<(string, object)>
        {
            ("kernel_shape", new long[] { pool.PoolSize, pool.PoolSize }), ("strides", new long[] { pool.Strides, pool.Strides }),
            ("pads", Enumerable.Repeat((long)pool.Padding, 4).ToArray()), ("ceil_mode", pool.CeilMode ? 1L : 0L),
        };
        if (pool.Mode != "max") attributes.Add(("count_include_pad", pool.CountIncludePad ? 1L : 0L));
        return new[] { graph.Node(pool.Mode == "max" ? "MaxPool" : "AveragePool", new[] { inputs[0].Name }, attributes.ToArray()) };
    }

    private static IReadOnlyList<string> TokenPooling(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var x = inputs[0].Name;
        return new[]
        {
            ((TokenPooling)layer).Mode switch
            {
                "token" => graph.Node("Squeeze", graph.Node("Slice", x, graph.Int64s(0), graph.Int64s(1), graph.Int64s(1)), graph.Int64s(1)),
                "avg" => graph.Node("ReduceMean", new[] { x }, ("axes", new long[] { 1 }), ("keepdims", 0L)),
                _ => graph.Node("ReduceMax", new[] { x }, ("axes", new long[] { 1 }), ("keepdims", 0L)),
            },
        };
    }

    /// <summary>(batch, hidden, h, w) → the class token then the h·w patches, (batch, 1 + h·w, hidden), plus the position embedding.</summary>
    private static IReadOnlyList<string> VitTokenEmbedding(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var x = inputs[0].Name;
        var hidden = inputs[0].Shape[1]!.Value;
        var patches = graph.Node("Transpose", new[] { graph.Node("Reshape", x, graph.Int64s(0, 0, -1)) }, ("perm", new long[] { 0, 2, 1 }));
        var tokenShape = graph.Node("Concat", new[] { graph.Node("Shape", new[] { x }, ("start", 0L), ("end", 1L)), graph.Int64s(1, hidden) }, ("axis", 0L));
        var token = graph.Node("Expand", graph.Weight(OnnxConverters.Weight(layer, "class_token")!.Value, "class_token"), tokenShape);
        var tokens = graph.Node("Concat", new[] { token, patches }, ("axis", 1L));
        return new[] { graph.Node("Add", tokens, graph.Weight(OnnxConverters.Weight(layer, "pos_embedding")!.Value, "pos_embedding")) };
    }

    /// <summary>torch.nn.MultiheadAttention's self-attention: packed in-projection (query, key, value rows), heads, softmax, out-projection.</summary>
    private static IReadOnlyList<string> TorchSelfAttention(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var attention = (TorchSelfAttention)layer;
        var x = inputs[0].Name;
        var dim = inputs[0].Shape[2]!.Value;
        long heads = attention.NumHeads, size = dim / heads;
        using var scope = torch.NewDisposeScope();
        var inWeight = OnnxConverters.Weight(layer, "in_proj_weight")!.Value;
        var inBias = OnnxConverters.Weight(layer, "in_proj_bias")!.Value;
        string Project(int part, string name, long[] perm)
        {
            var kernel = graph.Weight(inWeight.narrow(0, part * dim, dim).t(), name + "_kernel");
            var y = graph.Node("Add", graph.Node("MatMul", x, kernel), graph.Weight(inBias.narrow(0, part * dim, dim), name + "_bias"));
            return graph.Node("Transpose", new[] { graph.Node("Reshape", y, graph.Int64s(0, 0, heads, size)) }, ("perm", perm));
        }
        var q = Project(0, "query", new long[] { 0, 2, 1, 3 });
        var k = Project(1, "key", new long[] { 0, 2, 3, 1 });
        var v = Project(2, "value", new long[] { 0, 2, 1, 3 });
        var logits = graph.Node("Mul", graph.Node("MatMul", q, k), graph.Scalar((float)(1 / Math.Sqrt(size))));
        var attended = graph.Node("MatMul", graph.Node("Softmax", new[] { logits }, ("axis", -1L)), v);
        var merged = graph.Node("Reshape", graph.Node("Transpose", new[] { attended }, ("perm", new long[] { 0, 2, 1, 3 })), graph.Int64s(0, 0, dim));
        var output = graph.Node("MatMul", merged, graph.Weight(OnnxConverters.Weight(layer, "out_proj.weight")!.Value.t(), "out_proj_kernel"));
        return new[] { graph.Node("Add", output, graph.Weight(OnnxConverters.Weight(layer, "out_proj.bias")!.Value, "out_proj_bias")) };
    }
}
