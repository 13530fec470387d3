using KerasNet.Export;

namespace KerasNet.Models;

public partial class Model
{
    /// <summary>
    /// Writes the model for serving: <paramref name="format"/> <c>"onnx"</c> (the only format so far) writes an ONNX
    /// model (opset 17, float32) with the model's inference behaviour (dropout off, batch normalization with its
    /// moving statistics), a dynamic batch axis, inputs and outputs named after the model's input and output layers,
    /// and the weights as initializers, through a temporary file renamed into place. ONNX Runtime runs the file
    /// without libtorch. See docs/EXPORT.md for the layers that export and how a custom layer declares its ONNX form.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown <paramref name="format"/>.</exception>
    /// <exception cref="OnnxExportException">A layer with no ONNX form, or a model that is not built.</exception>
    public void Export(string path, string format = "onnx")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(format);
        if (!string.Equals(format, "onnx", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException(
                $"Model '{Name}': export format '{format}' is not supported; expected \"onnx\". To save the model for Keras.Net itself, use Save(path).",
                nameof(format));
        OnnxExporter.Write(this, path);
    }
}
