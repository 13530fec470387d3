using KerasNet.Layers;

namespace KerasNet.Export.Onnx;

/// <summary>
/// BatchNormalization (moving statistics, folded into one scale and shift), LayerNormalization (the opset-17
/// operator over trailing axes, composed otherwise), GroupNormalization and RMSNormalization (composed).
/// </summary>
internal static class NormalizationConverters
{
    internal static void Register(Dictionary<Type, OnnxConverter> table)
    {
        table[typeof(BatchNormalization)] = BatchNormalization;
        table[typeof(LayerNormalization)] = LayerNormalization;
        table[typeof(GroupNormalization)] = GroupNormalization;
        table[typeof(RMSNormalization)] = RmsNormalization;
    }

    private static int Resolve(long axis, int rank) => (int)(axis < 0 ? axis + rank : axis);

    /// <summary>The shape that broadcasts a vector along <paramref name="axis"/> of a rank-<paramref name="rank"/> value.</summary>
    private static long[] Along(int axis, int rank, long size) => Enumerable.Range(0, rank).Select(i => i == axis ? size : 1L).ToArray();

    private static string Weight(OnnxGraph graph, Layer layer, string name, long[] shape) =>
        graph.Weight(OnnxConverters.Weight(layer, name)!.Value.reshape(shape), name);

    private static IReadOnlyList<string> BatchNormalization(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var bn = (BatchNormalization)layer;
        var rank = inputs[0].Rank;
        var axis = Resolve(bn.Axis ?? 1, rank);
        // Inference: y = (x - mean) / sqrt(var + eps) * gamma + beta = x * scale + shift, folded in float64.
        using var scope = torch.NewDisposeScope();
        var mean = bn.MovingMean.Value.detach().to(ScalarType.Float64);
        var scale = (bn.MovingVariance.Value.detach().to(ScalarType.Float64) + bn.Epsilon).rsqrt();
        if (OnnxConverters.Weight(layer, "gamma") is { } gamma) scale = scale * gamma.Value.detach().to(ScalarType.Float64);
        var shift = -mean * scale;
        if (OnnxConverters.Weight(layer, "beta") is { } beta) shift = shift + beta.Value.detach().to(ScalarType.Float64);
        var shape = Along(axis, rank, mean.shape[0]);
        var y = graph.Node("Mul", inputs[0].Name, graph.Weight(scale.reshape(shape), "scale"));
        return new[] { graph.Node("Add", y, graph.Weight(shift.reshape(shape), "shift")) };
    }

    private static IReadOnlyList<string> LayerNormalization(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var ln = (LayerNormalization)layer;
        var rank = inputs[0].Rank;
        var axes = ln.Axes.Select(a => (long)Resolve(a, rank)).OrderBy(a => a).ToArray();
        var x = inputs[0].Name;
        var normalizedShape = axes.Select(a => inputs[0].Shape[(int)a]!.Value).ToArray();
        var trailing = axes.SequenceEqual(Enumerable.Range(rank - axes.Length, axes.Length).Select(i => (long)i));
        if (trailing)
        {
            var scale = OnnxConverters.Weight(layer, "gamma") is { } gamma ? graph.Weight(gamma.Value, "gamma")
                : graph.Floats(normalizedShape, Enumerable.Repeat(1f, (int)normalizedShape.Aggregate(1L, (a, b) => a * b)).ToArray(), "ones");
            var operands = new List<string> { x, scale };
            if (OnnxConverters.Weight(layer, "beta") is { } beta) operands.Add(graph.Weight(beta.Value, "beta"));
            return new[] { graph.Node("LayerNormalization", operands, ("axis", axes[0]), ("epsilon", ln.Epsilon)) };
        }
        var broadcast = Enumerable.Range(0, rank).Select(i => axes.Contains(i) ? inputs[0].Shape[i]!.Value : 1L).ToArray();
        var y = Standardize(graph, x, axes, ln.Epsilon);
        if (OnnxConverters.Weight(layer, "gamma") is not null) y = graph.Node("Mul", y, Weight(graph, layer, "gamma", broadcast));
        if (OnnxConverters.Weight(layer, "beta") is not null) y = graph.Node("Add", y, Weight(graph, layer, "beta", broadcast));
        return new[] { y };
    }

    /// <summary>(x - mean) / sqrt(biased variance + epsilon) over <paramref name="axes"/>.</summary>
    private static string Standardize(OnnxGraph graph, string x, long[] axes, double epsilon)
    {
        var centered = graph.Node("Sub", x, graph.Node("ReduceMean", new[] { x }, ("axes", axes), ("keepdims", 1L)));
        var variance = graph.Node("ReduceMean", new[] { graph.Node("Mul", centered, centered) }, ("axes", axes), ("keepdims", 1L));
        return graph.Node("Div", centered, graph.Node("Sqrt", graph.Node("Add", variance, graph.Scalar((float)epsilon))));
    }

    private static IReadOnlyList<string> GroupNormalization(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var gn = (GroupNormalization)layer;
        var rank = inputs[0].Rank;
        var axis = Resolve(gn.Axis ?? 1, rank);
        var channels = inputs[0].Shape[axis]!.Value;
        var x = inputs[0].Name;
        if (axis != 1) x = graph.Node("Transpose", new[] { x }, ("perm", MoveAxis(axis, 1, rank)));
        // (batch, groups, rest) standardized over its last axis, then back to the input's shape.
        var grouped = graph.Node("Reshape", x, graph.Int64s(0, gn.Groups, -1));
        var y = graph.Node("Reshape", Standardize(graph, grouped, new long[] { 2 }, gn.Epsilon), graph.Node("Shape", x));
        var broadcast = Along(1, rank, channels);
        if (OnnxConverters.Weight(layer, "gamma") is not null) y = graph.Node("Mul", y, Weight(graph, layer, "gamma", broadcast));
        if (OnnxConverters.Weight(layer, "beta") is not null) y = graph.Node("Add", y, Weight(graph, layer, "beta", broadcast));
        if (axis != 1) y = graph.Node("Transpose", new[] { y }, ("perm", MoveAxis(1, axis, rank)));
        return new[] { y };
    }

    /// <summary>The permutation that moves axis <paramref name="from"/> to position <paramref name="to"/>.</summary>
    private static long[] MoveAxis(int from, int to, int rank)
    {
        var order = Enumerable.Range(0, rank).Where(i => i != from).Select(i => (long)i).ToList();
        order.Insert(to, from);
        return order.ToArray();
    }

    private static IReadOnlyList<string> RmsNormalization(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var rms = (RMSNormalization)layer;
        var rank = inputs[0].Rank;
        var axis = Resolve(rms.Axis, rank);
        var x = inputs[0].Name;
        var meanSquare = graph.Node("ReduceMean", new[] { graph.Node("Mul", x, x) }, ("axes", new long[] { axis }), ("keepdims", 1L));
        var y = graph.Node("Div", x, graph.Node("Sqrt", graph.Node("Add", meanSquare, graph.Scalar((float)rms.Epsilon))));
        return new[] { graph.Node("Mul", y, Weight(graph, layer, "scale", Along(axis, rank, inputs[0].Shape[axis]!.Value))) };
    }
}
