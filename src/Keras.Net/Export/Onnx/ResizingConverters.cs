using KerasNet.Layers;

namespace KerasNet.Export.Onnx;

/// <summary>
/// Resizing, CenterCrop and RandomCrop (which resizes at inference) on images of known size: Keras's centred
/// aspect-ratio crop as a Slice, then ONNX Resize (nearest: floor of the output index times the size ratio;
/// bilinear: half-pixel centres, no antialiasing, as torch's interpolate without aligned corners).
/// </summary>
internal static class ResizingConverters
{
    internal static void Register(Dictionary<Type, OnnxConverter> table)
    {
        table[typeof(Resizing)] = (layer, graph, inputs) =>
        {
            var resizing = (Resizing)layer;
            return Images(layer, graph, inputs[0], resizing.Format, (x, h, w) => resizing.CropToAspectRatio
                ? SmartResize(graph, x, h, w, resizing.Height, resizing.Width, resizing.Interpolation)
                : Resize(graph, x, h, w, resizing.Height, resizing.Width, resizing.Interpolation));
        };
        table[typeof(CenterCrop)] = (layer, graph, inputs) =>
        {
            var crop = (CenterCrop)layer;
            return Images(layer, graph, inputs[0], crop.Format, (x, h, w) => h < crop.Height || w < crop.Width
                ? SmartResize(graph, x, h, w, crop.Height, crop.Width, "bilinear")
                : Window(graph, x, (h - crop.Height) / 2, (w - crop.Width) / 2, crop.Height, crop.Width));
        };
        table[typeof(RandomCrop)] = (layer, graph, inputs) =>
        {
            var crop = (RandomCrop)layer;
            return Images(layer, graph, inputs[0], crop.Format, (x, h, w) => SmartResize(graph, x, h, w, crop.Height, crop.Width, "bilinear"));
        };
    }

    /// <summary>Runs <paramref name="transform"/> on the batch as float32 channels-first images of known height and width.</summary>
    private static IReadOnlyList<string> Images(Layer layer, OnnxGraph graph, OnnxValue input, ImageDataFormat format, Func<string, long, long, string> transform)
    {
        var spatial = input.Rank == 4 ? DataFormats.Spatial(input.Shape, format) : Array.Empty<long?>();
        if (spatial is not [{ } h, { } w])
            throw OnnxConverters.Unsupported(layer, $"input {input.Shape} is not a batch of images (rank 4) of known height and width",
                "Give Keras.Input batched images of a fixed size for the export.");
        var x = OnnxConverters.ToChannelsFirst(graph, graph.Node("Cast", new[] { input.Name }, ("to", 1L)), 4, format);
        return new[] { OnnxConverters.FromChannelsFirst(graph, transform(x, h, w), 4, format) };
    }

    private static string Window(OnnxGraph graph, string x, long top, long left, long height, long width) =>
        graph.Node("Slice", x, graph.Int64s(top, left), graph.Int64s(top + height, left + width), graph.Int64s(2, 3));

    /// <summary>The largest centred window with the target aspect ratio, resized to (height, width).</summary>
    private static string SmartResize(OnnxGraph graph, string x, long h, long w, long height, long width, string interpolation)
    {
        var cropH = Math.Min(h, (long)((double)w * height / width));
        var cropW = Math.Min(w, (long)((double)h * width / height));
        var crop = cropH == h && cropW == w ? x : Window(graph, x, (h - cropH) / 2, (w - cropW) / 2, cropH, cropW);
        return Resize(graph, crop, cropH, cropW, height, width, interpolation);
    }

    private static string Resize(OnnxGraph graph, string x, long h, long w, long height, long width, string interpolation)
    {
        if (h == height && w == width) return x;
        var sizes = graph.Node("Concat", new[] { graph.Node("Shape", new[] { x }, ("start", 0L), ("end", 2L)), graph.Int64s(height, width) }, ("axis", 0L));
        return interpolation == "nearest"
            ? graph.Node("Resize", new[] { x, "", "", sizes }, ("mode", "nearest"), ("coordinate_transformation_mode", "asymmetric"), ("nearest_mode", "floor"))
            : graph.Node("Resize", new[] { x, "", "", sizes }, ("mode", "linear"), ("coordinate_transformation_mode", "half_pixel"));
    }
}
