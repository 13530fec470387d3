namespace KerasNet.Export;

/// <summary>
/// A model cannot be written as ONNX: a layer has no ONNX form (a <c>Lambda</c>, a custom layer that does not
/// implement <see cref="IOnnxExportable"/>), or uses an option ONNX cannot express. The message names the layer and
/// says how to give it an ONNX form.
/// </summary>
public sealed class OnnxExportException : InvalidOperationException
{
    /// <summary>Creates the exception for layer <paramref name="layerName"/>.</summary>
    public OnnxExportException(string? layerName, string message, Exception? inner = null) : base(message, inner) => LayerName = layerName;

    /// <summary>The layer that could not be exported, when one is to blame.</summary>
    public string? LayerName { get; }
}
