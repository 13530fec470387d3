using System.Runtime.InteropServices;
using System.Text;

namespace KerasNet.TorchSupport;

/// <summary>
/// Turns the <see cref="ExternalException"/> TorchSharp raises for every libtorch failure into a typed
/// <see cref="TorchException"/> (shape, dtype, device, index, memory, argument) whose message names where it
/// happened, carries libtorch's explanation without its C++ stack trace, and lists the inputs' dtypes and shapes.
/// </summary>
public static class TorchErrors
{
    /// <summary>
    /// The typed exception for <paramref name="error"/>; <paramref name="where"/> names the operation or layer
    /// (e.g. <c>Conv2D 'conv2d_1'</c>) and <paramref name="inputs"/> are described in the message.
    /// </summary>
    public static TorchException Translate(ExternalException error, string where, IReadOnlyList<Tensor?>? inputs = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        var native = Explanation(error.Message);
        var message = $"{where} failed in libtorch: {native}{Describe(inputs)}";
        return Classify(native, message, where, error);
    }

    /// <summary>libtorch's message without the "Exception raised from ..." location and the C++ frames that follow.</summary>
    public static string Explanation(string message)
    {
        var cut = message.IndexOf("Exception raised from", StringComparison.Ordinal);
        var text = (cut >= 0 ? message[..cut] : message).Trim();
        return text.Length == 0 ? message.Trim() : text;
    }

    private static TorchException Classify(string native, string message, string op, Exception inner)
    {
        if (Has(native, "out of memory", "Out of memory", "can't allocate memory", "DefaultCPUAllocator: not enough memory"))
            return new TorchOutOfMemoryException(message, op, inner);
        if (Has(native, "out of range", "out of bounds", "index out of", "Index out of"))
            return new TorchIndexException(message, op, inner);
        if (Has(native, "same device", "device type", "Expected all tensors to be on the same device", "CUDA", "cuda"))
            return new TorchDeviceException(message, op, inner);
        if (Has(native, "scalar type", "dtype", "result type", "Expected object of", "not implemented for", "can't be cast", "cannot be cast",
                "must be floating", "Float but found", "Long but found", "Double but found"))
            return new TorchDTypeException(message, op, inner);
        if (Has(native, "size", "shape", "dimension", "dim", "rank", "mat1 and mat2", "broadcast", "channels", "elements"))
            return new TorchShapeException(message, op, inner);
        return new TorchArgumentException(message, op, inner);
    }

    private static bool Has(string text, params string[] needles)
    {
        foreach (var needle in needles)
            if (text.Contains(needle, StringComparison.Ordinal)) return true;
        return false;
    }

    private static string Describe(IReadOnlyList<Tensor?>? inputs)
    {
        if (inputs is null || inputs.Count == 0) return "";
        var builder = new StringBuilder(" (inputs: ");
        for (var i = 0; i < inputs.Count; i++)
        {
            if (i > 0) builder.Append(", ");
            var t = inputs[i];
            if (t is null) builder.Append("none");
            else if (t.IsInvalid) builder.Append("<disposed>");
            else
            {
                builder.Append(t.dtype.ToTorchName()).Append(Shape.Format(t.shape));
                if (t.device_type != DeviceType.CPU) builder.Append(" on ").Append(t.device);
            }
        }
        return builder.Append(')').ToString();
    }
}
