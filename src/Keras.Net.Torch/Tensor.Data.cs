using System.Runtime.InteropServices;
using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

public sealed partial class Tensor
{
    /// <summary>Copies the elements into a new .NET array (row-major), moving them to the CPU if needed.</summary>
    /// <typeparam name="T">The .NET type matching the tensor's dtype (float for float32, long for int64...).</typeparam>
    public unsafe T[] data<T>() where T : unmanaged
    {
        CheckElementType<T>("data");
        var result = new T[numel()];
        fixed (T* p = result)
            Check(NativeMethods.kn_tensor_copy_to_host(Handle, p, (long)result.Length * sizeof(T)), "data", this);
        return result;
    }

    /// <summary>Same as <see cref="data{T}"/>.</summary>
    public T[] ToArray<T>() where T : unmanaged => data<T>();

    /// <summary>Copies the elements into <paramref name="destination"/>, which must hold exactly numel() elements.</summary>
    public unsafe void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        CheckElementType<T>("CopyTo");
        var n = numel();
        if (destination.Length != n)
            throw new ArgumentException($"CopyTo: the destination holds {destination.Length} elements but the tensor {Shape.Format(shape)} has {n}.", nameof(destination));
        fixed (T* p = destination)
            Check(NativeMethods.kn_tensor_copy_to_host(Handle, p, n * sizeof(T)), "CopyTo", this);
    }

    /// <summary>The value of a one-element tensor as a double.</summary>
    public unsafe double item()
    {
        double d;
        long l;
        Check(NativeMethods.kn_tensor_item(Handle, &d, &l), "item", this);
        return d;
    }

    /// <summary>The value of a one-element tensor converted to <typeparamref name="T"/> (exact for integers).</summary>
    public unsafe T item<T>() where T : unmanaged
    {
        double d;
        long l;
        Check(NativeMethods.kn_tensor_item(Handle, &d, &l), "item", this);
        object value = typeof(T) == typeof(float) ? (float)d
            : typeof(T) == typeof(double) ? d
            : typeof(T) == typeof(long) ? l
            : typeof(T) == typeof(int) ? checked((int)l)
            : typeof(T) == typeof(short) ? checked((short)l)
            : typeof(T) == typeof(sbyte) ? checked((sbyte)l)
            : typeof(T) == typeof(byte) ? checked((byte)l)
            : typeof(T) == typeof(bool) ? l != 0
            : throw new NotSupportedException($"item<{typeof(T).Name}> is not supported; use float, double, long, int, short, sbyte, byte or bool.");
        return (T)value;
    }

    private void CheckElementType<T>(string op) where T : unmanaged
    {
        var expected = TensorFactory.ScalarTypeOf<T>();
        var actual = dtype;
        if (expected != actual && !(actual == ScalarType.Float16 && typeof(T) == typeof(Half)))
            throw new TorchDTypeException(
                $"{op}<{typeof(T).Name}>: the tensor's dtype is {actual.ToTorchName()} but {typeof(T).Name} means {expected.ToTorchName()}. " +
                $"Convert first, e.g. t.to(ScalarType.{expected}), or read it as {TensorFactory.ClrNameOf(actual)}.", op);
    }
}

/// <summary>Maps .NET element types onto dtypes and builds tensors from host memory.</summary>
internal static class TensorFactory
{
    internal static ScalarType ScalarTypeOf<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? ScalarType.Float32
        : typeof(T) == typeof(double) ? ScalarType.Float64
        : typeof(T) == typeof(long) ? ScalarType.Int64
        : typeof(T) == typeof(int) ? ScalarType.Int32
        : typeof(T) == typeof(short) ? ScalarType.Int16
        : typeof(T) == typeof(sbyte) ? ScalarType.Int8
        : typeof(T) == typeof(byte) ? ScalarType.Byte
        : typeof(T) == typeof(bool) ? ScalarType.Bool
        : typeof(T) == typeof(Half) ? ScalarType.Float16
        : throw new NotSupportedException($"{typeof(T).Name} has no tensor dtype; use float, double, long, int, short, sbyte, byte, bool or Half.");

    internal static string ClrNameOf(ScalarType type) => type switch
    {
        ScalarType.Float32 => "float",
        ScalarType.Float64 => "double",
        ScalarType.Int64 => "long",
        ScalarType.Int32 => "int",
        ScalarType.Int16 => "short",
        ScalarType.Int8 => "sbyte",
        ScalarType.Byte => "byte",
        ScalarType.Bool => "bool",
        ScalarType.Float16 => "Half",
        _ => "a converted dtype (to float32 first)",
    };

    internal static unsafe Tensor FromSpan<T>(ReadOnlySpan<T> values, ReadOnlySpan<long> shape, bool requiresGrad) where T : unmanaged
    {
        var dtype = ScalarTypeOf<T>();
        var expected = Shape.Numel(shape);
        if (expected != values.Length)
            throw new TorchShapeException($"tensor: {values.Length} values cannot fill shape {Shape.Format(shape)}, which needs {expected}.", "tensor");
        fixed (T* data = values)
        fixed (long* dims = shape)
        {
            // from_blob needs a non-null pointer even for zero elements.
            T dummy = default;
            void* source = values.Length == 0 ? &dummy : data;
            return Tensor.Wrap(NativeMethods.kn_tensor_from_host(source, dims, shape.Length, (int)dtype, requiresGrad ? 1 : 0), "tensor");
        }
    }
}
