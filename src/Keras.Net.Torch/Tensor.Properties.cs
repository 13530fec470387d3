using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

public sealed partial class Tensor
{
    /// <summary>The sizes of each dimension (a new array on every call).</summary>
    public unsafe long[] shape
    {
        get
        {
            var h = Handle;
            var rank = NativeMethods.kn_tensor_dim(h);
            var sizes = new long[rank];
            fixed (long* p = sizes) NativeMethods.kn_tensor_sizes(h, p, rank);
            GC.KeepAlive(this);
            return sizes;
        }
    }

    /// <summary>The sizes of each dimension, as PyTorch's <c>size()</c>.</summary>
    public long[] size() => shape;

    /// <summary>The size of one dimension; negative dims count from the end.</summary>
    public long size(int dim)
    {
        var sizes = shape;
        var d = dim < 0 ? dim + sizes.Length : dim;
        if (d < 0 || d >= sizes.Length)
            throw new TorchIndexException($"size: dimension {dim} is out of range for a tensor of rank {sizes.Length} (shape {Shape.Format(sizes)}).", "size");
        return sizes[d];
    }

    /// <summary>The strides of each dimension, in elements.</summary>
    public unsafe long[] stride()
    {
        var h = Handle;
        var rank = NativeMethods.kn_tensor_dim(h);
        var strides = new long[rank];
        fixed (long* p = strides) NativeMethods.kn_tensor_strides(h, p, rank);
        GC.KeepAlive(this);
        return strides;
    }

    /// <summary>The rank.</summary>
    public int dim() => NativeMethods.kn_tensor_dim(Handle);

    /// <summary>The rank.</summary>
    public int ndim => dim();

    /// <summary>The number of elements.</summary>
    public long numel() => NativeMethods.kn_tensor_numel(Handle);

    /// <summary>The element type.</summary>
    public ScalarType dtype => (ScalarType)NativeMethods.kn_tensor_dtype(Handle);

    /// <summary>The device holding the data.</summary>
    public Device device
    {
        get
        {
            var h = Handle;
            var type = (DeviceType)NativeMethods.kn_tensor_device_type(h);
            return type == DeviceType.CPU ? Device.CPU : new Device(type, NativeMethods.kn_tensor_device_index(h));
        }
    }

    /// <summary>True when the elements are laid out densely in row-major order.</summary>
    public bool is_contiguous() => NativeMethods.kn_tensor_is_contiguous(Handle) != 0;

    /// <summary>True for floating-point dtypes.</summary>
    public bool is_floating_point() => dtype.IsFloatingPoint();

    /// <summary>A short description: shape, dtype and device.</summary>
    public override string ToString() =>
        IsDisposed ? "Tensor(<disposed>)" : $"Tensor(shape={Shape.Format(shape)}, dtype={dtype.ToTorchName()}, device={device})";
}
