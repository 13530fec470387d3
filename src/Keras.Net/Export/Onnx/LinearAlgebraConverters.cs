using KerasNet.Layers;

namespace KerasNet.Export.Onnx;

/// <summary>EinsumDense and Dot as ONNX Einsum (opset 12 and later), UnitNormalization, and the TimeDistributed and SpectralNormalization wrappers.</summary>
internal static class LinearAlgebraConverters
{
    /// <summary>The smallest norm a vector is divided by, as the layers' clamp (F.normalize's epsilon).</summary>
    private const float NormEpsilon = 1e-12f;

    internal static void Register(Dictionary<Type, OnnxConverter> table)
    {
        table[typeof(EinsumDense)] = EinsumDense;
        table[typeof(Dot)] = Dot;
        table[typeof(UnitNormalization)] = (layer, graph, inputs) => new[] { L2Normalize(graph, inputs[0].Name, ((UnitNormalization)layer).Axis) };
        table[typeof(TimeDistributed)] = TimeDistributed;
        // At inference the wrapper calls its layer with the kernel as last normalized in training.
        table[typeof(SpectralNormalization)] = (layer, graph, inputs) =>
            OnnxExporter.EmitLayer(((SpectralNormalization)layer).Layer, graph, inputs).Select(v => v.Name).ToArray();
    }

    /// <summary>x / max(‖x‖₂ along <paramref name="axis"/>, 1e-12).</summary>
    private static string L2Normalize(OnnxGraph graph, string x, long axis)
    {
        var norm = graph.Node("ReduceL2", new[] { x }, ("axes", new[] { axis }), ("keepdims", 1L));
        return graph.Node("Div", x, graph.Node("Max", norm, graph.Scalar(NormEpsilon)));
    }

    private static IReadOnlyList<string> EinsumDense(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var dense = (EinsumDense)layer;
        var equation = dense.Equation.Replace(" ", "", StringComparison.Ordinal);
        var y = graph.Node("Einsum", new[] { inputs[0].Name, graph.Weight(dense.Kernel.Value, "kernel") }, ("equation", equation));
        if (dense.Bias is { } bias)
        {
            // The bias spans the output axes from the first bias letter on, with size 1 on the letters it does not name.
            var outputSpec = equation[(equation.IndexOf("->", StringComparison.Ordinal) + 2)..].Replace("...", "", StringComparison.Ordinal);
            var biasAxes = dense.BiasAxes!;
            var first = biasAxes.Min(c => outputSpec.IndexOf(c, StringComparison.Ordinal));
            var next = 0;
            var shape = outputSpec.Skip(first).Select(c => biasAxes.Contains(c) ? bias.Shape[next++] : 1L).ToArray();
            using var reshaped = bias.Value.reshape(shape);
            y = graph.Node("Add", y, graph.Weight(reshaped, "bias"));
        }
        return new[] { OnnxActivations.Emit(graph, layer, dense.Activation, y) };
    }

    private static IReadOnlyList<string> Dot(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var dot = (Dot)layer;
        int rankX = inputs[0].Rank, rankY = inputs[1].Rank;
        var ax = (int)(dot.Axes[0] < 0 ? dot.Axes[0] + rankX : dot.Axes[0]);
        var ay = (int)(dot.Axes[1] < 0 ? dot.Axes[1] + rankY : dot.Axes[1]);
        string x = inputs[0].Name, y = inputs[1].Name;
        if (dot.Normalize) (x, y) = (L2Normalize(graph, x, ax), L2Normalize(graph, y, ay));
        // Letter 'a' is the batch, 'z' the contracted axis; x's other axes follow, then y's.
        var letters = "bcdefghijklmnopqrstuvwxy";
        var next = 0;
        var specX = Enumerable.Range(0, rankX).Select(i => i == 0 ? 'a' : i == ax ? 'z' : letters[next++]).ToArray();
        var specY = Enumerable.Range(0, rankY).Select(i => i == 0 ? 'a' : i == ay ? 'z' : letters[next++]).ToArray();
        var output = "a" + new string(specX.Concat(specY).Where(c => c is not ('a' or 'z')).ToArray());
        var result = graph.Node("Einsum", new[] { x, y }, ("equation", $"{new string(specX)},{new string(specY)}->{output}"));
        return new[] { output.Length == 1 ? graph.Node("Unsqueeze", result, graph.Int64s(1)) : result };
    }

    /// <summary>The wrapped layer on (batch·steps, ...), reshaped back to (batch, steps, ...): shapes are read at run time.</summary>
    private static IReadOnlyList<string> TimeDistributed(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var wrapper = (TimeDistributed)layer;
        var x = inputs[0];
        var flat = graph.Node("Reshape", x.Name, graph.Node("Concat", new[] { graph.Int64s(-1), graph.Node("Shape", new[] { x.Name }, ("start", 2L)) }, ("axis", 0L)));
        var stepShape = new TensorShape(new long?[] { null }.Concat(x.Shape.Dims.Skip(2)).ToArray());
        var inner = OnnxExporter.EmitLayer(wrapper.Layer, graph, new[] { new OnnxValue(flat, stepShape) });
        if (inner.Count != 1)
            throw OnnxConverters.Unsupported(layer, $"its layer {wrapper.Layer.GetType().Name} has {inner.Count} outputs", "Wrap a layer with one output.");
        var leading = graph.Node("Shape", new[] { x.Name }, ("start", 0L), ("end", 2L));
        var shape = graph.Node("Concat", new[] { leading, graph.Node("Shape", new[] { inner[0].Name }, ("start", 1L)) }, ("axis", 0L));
        return new[] { graph.Node("Reshape", inner[0].Name, shape) };
    }
}
