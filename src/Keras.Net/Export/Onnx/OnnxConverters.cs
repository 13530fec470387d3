using KerasNet.Layers;

namespace KerasNet.Export.Onnx;

/// <summary>
/// The built-in converters, keyed by layer type; a layer whose exact type has none uses its nearest base type's
/// (Conv1D/2D/3D share BaseConv's). Each layer family registers its converters from its own file.
/// </summary>
internal static class OnnxConverters
{
    private static readonly Dictionary<Type, OnnxConverter> table = CreateTable();

    private static Dictionary<Type, OnnxConverter> CreateTable()
    {
        var table = new Dictionary<Type, OnnxConverter>();
        CoreConverters.Register(table);
        ConvolutionConverters.Register(table);
        PoolingConverters.Register(table);
        NormalizationConverters.Register(table);
        MergingConverters.Register(table);
        ReshapingConverters.Register(table);
        RecurrentConverters.Register(table);
        AttentionConverters.Register(table);
        ActivationConverters.Register(table);
        InferenceIdentityConverters.Register(table);
        SpatialConverters.Register(table);
        AdaptivePoolingConverters.Register(table);
        LinearAlgebraConverters.Register(table);
        DenseAttentionConverters.Register(table);
        GroupQueryAttentionConverters.Register(table);
        AttentionAxesConverters.Register(table);
        PreprocessingConverters.Register(table);
        ApplicationConverters.Register(table);
        ResizingConverters.Register(table);
        return table;
    }

    /// <summary>The converter for <paramref name="layer"/>, or null when no built-in one applies.</summary>
    internal static OnnxConverter? Find(Layer layer)
    {
        for (var type = layer.GetType(); type is not null && type != typeof(Layer); type = type.BaseType)
            if (table.TryGetValue(type, out var converter)) return converter;
        return null;
    }

    /// <summary>The layer types with a built-in converter (for documentation and tests).</summary>
    internal static IReadOnlyCollection<Type> SupportedTypes => table.Keys;

    /// <summary>The variable named <paramref name="name"/> among <paramref name="layer"/>'s own weights, or null.</summary>
    internal static Variable? Weight(Layer layer, string name) => layer.Weights.FirstOrDefault(w => w.Name == name);

    /// <summary>Transposes a channels-last value of rank <paramref name="rank"/> to channels-first (nothing when it already is).</summary>
    internal static string ToChannelsFirst(OnnxGraph graph, string x, int rank, ImageDataFormat format) =>
        format == ImageDataFormat.ChannelsFirst ? x
        : graph.Node("Transpose", new[] { x }, ("perm", new long[] { 0, rank - 1 }.Concat(Enumerable.Range(1, rank - 2).Select(i => (long)i)).ToArray()));

    /// <summary>Transposes a channels-first value back to <paramref name="format"/>.</summary>
    internal static string FromChannelsFirst(OnnxGraph graph, string x, int rank, ImageDataFormat format) =>
        format == ImageDataFormat.ChannelsFirst ? x
        : graph.Node("Transpose", new[] { x }, ("perm", new long[] { 0 }.Concat(Enumerable.Range(2, rank - 2).Select(i => (long)i)).Append(1).ToArray()));

    /// <summary>The exception for an option of a built-in layer that ONNX (opset 17) cannot express.</summary>
    internal static OnnxExportException Unsupported(Layer layer, string what, string fix) =>
        new(layer.Name, $"{layer.GetType().Name} '{layer.Name}' cannot be exported to ONNX: {what}. {fix}");
}
