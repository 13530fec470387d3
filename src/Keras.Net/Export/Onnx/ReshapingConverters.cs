using KerasNet.Layers;

namespace KerasNet.Export.Onnx;

/// <summary>Flatten, Reshape, Permute, RepeatVector, ZeroPadding2D, Cropping2D and UpSampling2D.</summary>
internal static class ReshapingConverters
{
    internal static void Register(Dictionary<Type, OnnxConverter> table)
    {
        table[typeof(Flatten)] = Flatten;
        table[typeof(Reshape)] = (layer, graph, inputs) =>
            new[] { graph.Node("Reshape", inputs[0].Name, graph.Int64s(new long[] { 0 }.Concat(((Reshape)layer).TargetShape).ToArray())) };
        table[typeof(Permute)] = (layer, graph, inputs) =>
            new[] { graph.Node("Transpose", new[] { inputs[0].Name }, ("perm", new long[] { 0 }.Concat(((Permute)layer).Dims).ToArray())) };
        table[typeof(RepeatVector)] = (layer, graph, inputs) =>
            new[] { graph.Node("Tile", graph.Node("Unsqueeze", inputs[0].Name, graph.Int64s(1)), graph.Int64s(1, ((RepeatVector)layer).N, 1)) };
        table[typeof(ZeroPadding2D)] = ZeroPadding;
        table[typeof(Cropping2D)] = Cropping;
        table[typeof(UpSampling2D)] = UpSampling;
    }

    private static IReadOnlyList<string> Flatten(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var flatten = (Flatten)layer;
        var x = inputs[0].Name;
        var rank = inputs[0].Rank;
        if (rank <= 1) return new[] { graph.Node("Unsqueeze", x, graph.Int64s(-1)) };
        // dataFormat "channels_first" flattens in channels-last order (Keras's rule for porting weights).
        if (rank > 2 && flatten.DataFormat is { } format && Config.ParseDataFormat(format) == ImageDataFormat.ChannelsFirst)
            x = OnnxConverters.FromChannelsFirst(graph, x, rank, ImageDataFormat.ChannelsLast);
        return new[] { graph.Node("Flatten", new[] { x }, ("axis", 1L)) };
    }

    private static IReadOnlyList<string> ZeroPadding(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var padding = (ZeroPadding2D)layer;
        var p = padding.Pads;
        var x = OnnxConverters.ToChannelsFirst(graph, inputs[0].Name, 4, padding.Format);
        var y = graph.Node("Pad", x, graph.Int64s(0, 0, p[0], p[2], 0, 0, p[1], p[3]));
        return new[] { OnnxConverters.FromChannelsFirst(graph, y, 4, padding.Format) };
    }

    private static IReadOnlyList<string> Cropping(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var cropping = (Cropping2D)layer;
        var c = cropping.Crops;
        var x = OnnxConverters.ToChannelsFirst(graph, inputs[0].Name, 4, cropping.Format);
        long End(long crop) => crop == 0 ? long.MaxValue : -crop;
        var y = graph.Node("Slice", x, graph.Int64s(c[0], c[2]), graph.Int64s(End(c[1]), End(c[3])), graph.Int64s(2, 3));
        return new[] { OnnxConverters.FromChannelsFirst(graph, y, 4, cropping.Format) };
    }

    private static IReadOnlyList<string> UpSampling(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var upsampling = (UpSampling2D)layer;
        var x = OnnxConverters.ToChannelsFirst(graph, inputs[0].Name, 4, upsampling.Format);
        var scales = graph.Floats(new long[] { 4 }, new[] { 1f, 1f, upsampling.Size[0], upsampling.Size[1] }, "scales");
        // Torch's nearest is floor(output index / scale) ("asymmetric"); bilinear without aligned corners is half-pixel.
        var y = upsampling.Interpolation == "nearest"
            ? graph.Node("Resize", new[] { x, "", scales }, ("mode", "nearest"), ("coordinate_transformation_mode", "asymmetric"), ("nearest_mode", "floor"))
            : graph.Node("Resize", new[] { x, "", scales }, ("mode", "linear"), ("coordinate_transformation_mode", "half_pixel"));
        return new[] { OnnxConverters.FromChannelsFirst(graph, y, 4, upsampling.Format) };
    }
}
