using System.Runtime.InteropServices;
using System.Text;
using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

/// <summary>Turns the shim's last error into a typed exception naming the op and its inputs.</summary>
internal static class TorchError
{
    private const int KindIndex = 2, KindValue = 3, KindType = 4, KindOutOfMemory = 6;

    internal static TorchException FromNative(string op, Tensor? a = null, Tensor? b = null, Tensor? c = null)
    {
        var kind = NativeMethods.kn_last_error_kind();
        var native = Marshal.PtrToStringUTF8(NativeMethods.kn_last_error()) ?? "unknown error";
        NativeMethods.kn_clear_error();
        if (native.Contains(Distributed.DistributedError.BackwardMarker, StringComparison.Ordinal)) return Distributed.DistributedError.FromBackward(op, native);
        var message = $"{op}: {native.Trim()}{DescribeInputs(a, b, c)}";
        return Classify(kind, native, message, op);
    }

    internal static TorchException Classify(int kind, string native, string message, string op)
    {
        if (kind == KindOutOfMemory) return new TorchOutOfMemoryException(message, op);
        if (kind == KindIndex || Has(native, "out of range", "out of bounds", "index out of"))
            return new TorchIndexException(message, op);
        if (Has(native, "same device", "device type", "CUDA", "cuda"))
            return new TorchDeviceException(message, op);
        if (kind == KindType || Has(native, "scalar type", "dtype", "result type", "Expected object of", "not implemented for", "can't be cast", "cannot be cast", "must be floating", "Float but found", "Long but found"))
            return new TorchDTypeException(message, op);
        if (Has(native, "size", "shape", "dimension", "dim", "rank", "mat1 and mat2", "broadcast", "channels", "elements"))
            return new TorchShapeException(message, op);
        return kind == KindValue ? new TorchArgumentException(message, op) : new TorchException(message, op);
    }

    private static bool Has(string text, params string[] needles)
    {
        foreach (var needle in needles)
            if (text.Contains(needle, StringComparison.Ordinal)) return true;
        return false;
    }

    private static string DescribeInputs(Tensor? a, Tensor? b, Tensor? c)
    {
        if (a is null) return "";
        var builder = new StringBuilder(" (inputs: ");
        Append(builder, a);
        if (b is not null) { builder.Append(", "); Append(builder, b); }
        if (c is not null) { builder.Append(", "); Append(builder, c); }
        return builder.Append(')').ToString();
    }

    private static void Append(StringBuilder builder, Tensor t)
    {
        if (t.IsDisposed) { builder.Append("<disposed>"); return; }
        builder.Append(t.dtype.ToTorchName()).Append(Shape.Format(t.shape));
        if (t.device.Type != DeviceType.CPU) builder.Append(" on ").Append(t.device);
    }
}
