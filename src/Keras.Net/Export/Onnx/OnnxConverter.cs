namespace KerasNet.Export.Onnx;

/// <summary>
/// Writes one built-in layer's inference computation into <paramref name="graph"/> and returns the names of its
/// outputs (the built-in counterpart of <see cref="IOnnxExportable.ExportOnnx"/>).
/// </summary>
internal delegate IReadOnlyList<string> OnnxConverter(Layer layer, OnnxGraph graph, IReadOnlyList<OnnxValue> inputs);
