using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

public static partial class torch
{
    private static (int type, int index) DeviceArgs(Device? device)
    {
        if (device is null) return (0, -1);
        device.EnsureAvailable();
        return ((int)device.Type, device.Index);
    }

    /// <summary>A tensor holding a copy of <paramref name="values"/> with the given shape (1-D if omitted).</summary>
    public static Tensor tensor<T>(T[] values, long[]? shape = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(values);
        return tensor((ReadOnlySpan<T>)values, shape ?? new long[] { values.Length }, dtype, device, requires_grad);
    }

    /// <summary>A tensor holding a copy of <paramref name="values"/> with the given shape.</summary>
    public static Tensor tensor<T>(ReadOnlySpan<T> values, ReadOnlySpan<long> shape, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) where T : unmanaged
    {
        var needsConversion = (dtype is not null && dtype != TensorFactory.ScalarTypeOf<T>()) || (device is not null && device.Type != DeviceType.CPU);
        var host = TensorFactory.FromSpan(values, shape, requires_grad && !needsConversion);
        if (!needsConversion) return host;
        using (host)
        {
            var converted = host.to(dtype ?? host.dtype, device ?? Device.CPU);
            return requires_grad ? converted.requires_grad_() : converted;
        }
    }

    /// <summary>A 0-dimensional tensor holding one value.</summary>
    public static Tensor scalar_tensor(Scalar value, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        full(Array.Empty<long>(), value, dtype, device);

    /// <summary>A 2-D tensor from a rectangular array.</summary>
    public static Tensor tensor<T>(T[,] values, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(values);
        var flat = new T[values.Length];
        var i = 0;
        foreach (var v in values) flat[i++] = v;
        return tensor(flat, new long[] { values.GetLength(0), values.GetLength(1) }, dtype, device, requires_grad);
    }

    /// <summary>An uninitialized tensor.</summary>
    public static unsafe Tensor empty(long[] size, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false)
    {
        var (t, i) = DeviceArgs(device);
        fixed (long* s = size) return Tensor.Wrap(NativeMethods.kn_empty(s, size.Length, (int)dtype, t, i, requires_grad ? 1 : 0), "empty");
    }

    /// <summary>A tensor of zeros.</summary>
    public static unsafe Tensor zeros(long[] size, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false)
    {
        var (t, i) = DeviceArgs(device);
        fixed (long* s = size) return Tensor.Wrap(NativeMethods.kn_zeros(s, size.Length, (int)dtype, t, i, requires_grad ? 1 : 0), "zeros");
    }

    /// <summary>A tensor of zeros.</summary>
    public static Tensor zeros(params long[] size) => zeros(size, ScalarType.Float32);

    /// <summary>A tensor of ones.</summary>
    public static unsafe Tensor ones(long[] size, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false)
    {
        var (t, i) = DeviceArgs(device);
        fixed (long* s = size) return Tensor.Wrap(NativeMethods.kn_ones(s, size.Length, (int)dtype, t, i, requires_grad ? 1 : 0), "ones");
    }

    /// <summary>A tensor of ones.</summary>
    public static Tensor ones(params long[] size) => ones(size, ScalarType.Float32);

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static unsafe Tensor full(long[] size, Scalar value, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false)
    {
        var (t, i) = DeviceArgs(device);
        fixed (long* s = size) return Tensor.Wrap(NativeMethods.kn_full(s, size.Length, value.Native, (int)dtype, t, i, requires_grad ? 1 : 0), "full");
    }

    /// <summary>Values from <paramref name="start"/> up to (not including) <paramref name="end"/> by <paramref name="step"/>.</summary>
    public static Tensor arange(Scalar start, Scalar end, Scalar step, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var (t, i) = DeviceArgs(device);
        var type = dtype ?? (start.IsFloatingPoint || end.IsFloatingPoint || step.IsFloatingPoint ? ScalarType.Float32 : ScalarType.Int64);
        return Tensor.Wrap(NativeMethods.kn_arange(start.Native, end.Native, step.Native, (int)type, t, i, requires_grad ? 1 : 0), "arange");
    }

    /// <summary>Values from <paramref name="start"/> up to (not including) <paramref name="end"/>.</summary>
    public static Tensor arange(Scalar start, Scalar end, ScalarType? dtype = null, Device? device = null) => arange(start, end, 1, dtype, device);

    /// <summary>Values from 0 up to (not including) <paramref name="end"/>.</summary>
    public static Tensor arange(Scalar end, ScalarType? dtype = null, Device? device = null) => arange(0, end, 1, dtype, device);

    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive.</summary>
    public static Tensor linspace(double start, double end, long steps, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false)
    {
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "linspace: steps must be >= 0.");
        var (t, i) = DeviceArgs(device);
        return Tensor.Wrap(NativeMethods.kn_linspace(start, end, steps, (int)dtype, t, i, requires_grad ? 1 : 0), "linspace");
    }

    /// <summary>An identity matrix of n rows and m columns (m = n if omitted).</summary>
    public static Tensor eye(long n, long? m = null, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false)
    {
        var (t, i) = DeviceArgs(device);
        return Tensor.Wrap(NativeMethods.kn_eye(n, m ?? n, (int)dtype, t, i, requires_grad ? 1 : 0), "eye");
    }

    /// <summary>Zeros shaped like <paramref name="input"/>.</summary>
    public static Tensor zeros_like(Tensor input) => Tensor.Wrap(NativeMethods.kn_zeros_like(input.Handle), "zeros_like", input);
    /// <summary>Ones shaped like <paramref name="input"/>.</summary>
    public static Tensor ones_like(Tensor input) => Tensor.Wrap(NativeMethods.kn_ones_like(input.Handle), "ones_like", input);
    /// <summary>Uninitialized, shaped like <paramref name="input"/>.</summary>
    public static Tensor empty_like(Tensor input) => Tensor.Wrap(NativeMethods.kn_empty_like(input.Handle), "empty_like", input);
    /// <summary>Filled with <paramref name="value"/>, shaped like <paramref name="input"/>.</summary>
    public static Tensor full_like(Tensor input, Scalar value) => Tensor.Wrap(NativeMethods.kn_full_like(input.Handle, value.Native), "full_like", input);
}
