using KerasNet.Layers;
using Padding = KerasNet.Layers.Padding;

namespace KerasNet.Export.Onnx;

/// <summary>Conv1D/2D/3D, their transposed forms, and the depthwise and separable convolutions (chains of Conv2D).</summary>
internal static class ConvolutionConverters
{
    internal static void Register(Dictionary<Type, OnnxConverter> table)
    {
        table[typeof(BaseConv)] = Convolution;
        table[typeof(BaseConvTranspose)] = TransposedConvolution;
        table[typeof(DepthwiseConv2D)] = Sublayers;
        table[typeof(SeparableConv2D)] = Sublayers;
    }

    /// <summary>A layer that runs its tracked sublayers one after the other.</summary>
    internal static IReadOnlyList<string> Sublayers(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var x = inputs;
        foreach (var sublayer in layer.Layers) x = OnnxExporter.EmitLayer(sublayer, graph, x);
        return x.Select(v => v.Name).ToArray();
    }

    private static IReadOnlyList<string> Convolution(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var conv = (BaseConv)layer;
        var input = inputs[0];
        var rank = conv.Rank + 2;
        var x = OnnxConverters.ToChannelsFirst(graph, input.Name, rank, conv.Format);
        var spatial = DataFormats.Spatial(input.Shape, conv.Format);
        var pads = new long[2 * conv.Rank];
        var attributes = new List<(string, object)>
        {
            ("kernel_shape", conv.KernelSize), ("strides", conv.Strides), ("dilations", conv.DilationRate), ("group", conv.Groups),
        };
        if (conv.PaddingMode == "causal")
            pads[0] = (conv.KernelSize[0] - 1) * conv.DilationRate[0];
        else if (conv.PaddingMode == "same")
        {
            if (spatial.Any(n => n is null)) attributes.Add(("auto_pad", "SAME_UPPER"));
            else
                for (var i = 0; i < conv.Rank; i++)
                    (pads[i], pads[i + conv.Rank]) = Padding.Same(spatial[i]!.Value, conv.KernelSize[i], conv.Strides[i], conv.DilationRate[i]);
        }
        if (!attributes.Any(a => a.Item1 == "auto_pad")) attributes.Add(("pads", pads));
        var operands = new List<string> { x, graph.Weight(conv.Kernel.Value, "kernel") };
        if (conv.Bias is { } bias) operands.Add(graph.Weight(bias.Value, "bias"));
        var y = graph.Node("Conv", operands, attributes.ToArray());
        y = OnnxActivations.Emit(graph, layer, conv.Activation, y);
        return new[] { OnnxConverters.FromChannelsFirst(graph, y, rank, conv.Format) };
    }

    private static IReadOnlyList<string> TransposedConvolution(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var conv = (BaseConvTranspose)layer;
        var rank = conv.Rank + 2;
        var x = OnnxConverters.ToChannelsFirst(graph, inputs[0].Name, rank, conv.Format);
        // Torch's symmetric padding p with output padding op at the end is ONNX's pads (p, p - op); where op exceeds p
        // the rest stays an output padding.
        var pads = new long[2 * conv.Rank];
        var outputPadding = new long[conv.Rank];
        for (var i = 0; i < conv.Rank; i++)
        {
            var (p, op) = conv.TorchPadding(i);
            pads[i] = p;
            pads[i + conv.Rank] = Math.Max(p - op, 0);
            outputPadding[i] = Math.Max(op - p, 0);
        }
        var operands = new List<string> { x, graph.Weight(conv.Kernel.Value, "kernel") };
        if (conv.Bias is { } bias) operands.Add(graph.Weight(bias.Value, "bias"));
        var y = graph.Node("ConvTranspose", operands, ("kernel_shape", conv.KernelSize), ("strides", conv.Strides),
            ("dilations", conv.DilationRate), ("pads", pads), ("output_padding", outputPadding));
        y = OnnxActivations.Emit(graph, layer, conv.Activation, y);
        return new[] { OnnxConverters.FromChannelsFirst(graph, y, rank, conv.Format) };
    }
}
