using KerasNet.Layers;

namespace KerasNet.Export.Onnx;

/// <summary>
/// ZeroPadding, Cropping and UpSampling over one or three spatial axes (the 2D forms are in
/// <see cref="ReshapingConverters"/>), and the 1D depthwise and separable convolutions (chains of Conv1D).
/// </summary>
internal static class SpatialConverters
{
    internal static void Register(Dictionary<Type, OnnxConverter> table)
    {
        foreach (var type in new[] { typeof(ZeroPadding1D), typeof(ZeroPadding3D), typeof(Cropping1D), typeof(Cropping3D), typeof(UpSampling1D), typeof(UpSampling3D) })
            table[type] = Spatial;
        table[typeof(BaseDepthwiseConv)] = ConvolutionConverters.Sublayers;
        table[typeof(BaseSeparableConv)] = ConvolutionConverters.Sublayers;
    }

    private static IReadOnlyList<string> Spatial(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs)
    {
        var spatial = (SpatialLayer)layer;
        var rank = spatial.Rank;
        var x = OnnxConverters.ToChannelsFirst(graph, inputs[0].Name, rank + 2, spatial.Format);
        var axes = Enumerable.Range(2, rank).Select(i => (long)i).ToArray();
        var y = layer switch
        {
            // Pads hold (before, after) per axis; ONNX wants every "before" then every "after", batch and channels included.
            ZeroPadding1D or ZeroPadding3D => graph.Node("Pad", x, graph.Int64s(Edges(Pads(layer), 0).Concat(Edges(Pads(layer), 1)).ToArray())),
            Cropping1D or Cropping3D => Crop(graph, x, Crops(layer), axes),
            _ => Repeat(graph, x, layer is UpSampling1D one ? new[] { one.Size } : ((UpSampling3D)layer).Size),
        };
        return new[] { OnnxConverters.FromChannelsFirst(graph, y, rank + 2, spatial.Format) };
    }

    private static long[] Pads(Layer layer) => layer is ZeroPadding1D one ? one.Pads : ((ZeroPadding3D)layer).Pads;

    private static long[] Crops(Layer layer) => layer is Cropping1D one ? one.Crops : ((Cropping3D)layer).Crops;

    /// <summary>0, 0 for batch and channels, then element <paramref name="side"/> of each (before, after) pair.</summary>
    private static IEnumerable<long> Edges(long[] pairs, int side) =>
        new long[] { 0, 0 }.Concat(Enumerable.Range(0, pairs.Length / 2).Select(i => pairs[2 * i + side]));

    private static string Crop(OnnxGraph graph, string x, long[] crops, long[] axes)
    {
        var starts = Enumerable.Range(0, axes.Length).Select(i => crops[2 * i]).ToArray();
        var ends = Enumerable.Range(0, axes.Length).Select(i => crops[2 * i + 1] == 0 ? long.MaxValue : -crops[2 * i + 1]).ToArray();
        return graph.Node("Slice", x, graph.Int64s(starts), graph.Int64s(ends), graph.Int64s(axes));
    }

    /// <summary>Each element repeated size times along its spatial axis (nearest-neighbour upsampling by an integer factor).</summary>
    private static string Repeat(OnnxGraph graph, string x, long[] size)
    {
        var scales = new[] { 1f, 1f }.Concat(size.Select(s => (float)s)).ToArray();
        return graph.Node("Resize", new[] { x, "", graph.Floats(new long[] { scales.Length }, scales, "scales") },
            ("mode", "nearest"), ("coordinate_transformation_mode", "asymmetric"), ("nearest_mode", "floor"));
    }
}
