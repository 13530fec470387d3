using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

public sealed partial class Tensor
{
    /// <summary>This tensor converted to another dtype and/or device (a new tensor, or this one's data when nothing changes and <paramref name="copy"/> is false).</summary>
    public Tensor to(ScalarType dtype, Device device, bool non_blocking = false, bool copy = false)
    {
        ArgumentNullException.ThrowIfNull(device);
        device.EnsureAvailable();
        return Wrap(NativeMethods.kn_tensor_to(Handle, (int)dtype, (int)device.Type, device.Index, non_blocking ? 1 : 0, copy ? 1 : 0), "to", this);
    }

    /// <summary>This tensor converted to another dtype.</summary>
    public Tensor to(ScalarType dtype) => to(dtype, device);

    /// <summary>This tensor moved to another device.</summary>
    public Tensor to(Device device, bool non_blocking = false) => to(dtype, device, non_blocking);

    /// <summary>This tensor on the CPU.</summary>
    public Tensor cpu() => to(Device.CPU);

    /// <summary>This tensor on a CUDA device.</summary>
    public Tensor cuda(int index = -1) => to(new Device(DeviceType.CUDA, index));

    /// <summary>As float32.</summary>
    public Tensor @float() => to(ScalarType.Float32);
    /// <summary>As float64.</summary>
    public Tensor @double() => to(ScalarType.Float64);
    /// <summary>As float16.</summary>
    public Tensor half() => to(ScalarType.Float16);
    /// <summary>As bfloat16.</summary>
    public Tensor bfloat16() => to(ScalarType.BFloat16);
    /// <summary>As int64.</summary>
    public Tensor @long() => to(ScalarType.Int64);
    /// <summary>As int32.</summary>
    public Tensor @int() => to(ScalarType.Int32);
    /// <summary>As bool.</summary>
    public Tensor @bool() => to(ScalarType.Bool);
    /// <summary>As uint8.</summary>
    public Tensor @byte() => to(ScalarType.Byte);

    /// <summary>A copy with its own storage (autograd tracks it).</summary>
    public Tensor clone() => Wrap(NativeMethods.kn_tensor_clone(Handle), "clone", this);

    /// <summary>A contiguous tensor with the same values (this one's data if already contiguous).</summary>
    public Tensor contiguous() => Wrap(NativeMethods.kn_tensor_contiguous(Handle), "contiguous", this);

    /// <summary>A second handle to the same tensor (same data, same autograd identity), disposable on its own.</summary>
    public Tensor alias() => Wrap(NativeMethods.kn_tensor_alias(Handle), "alias", this);

    /// <summary>A copy in page-locked host memory, for fast non-blocking copies to CUDA.</summary>
    public Tensor pin_memory() => Wrap(NativeMethods.kn_tensor_pin_memory(Handle), "pin_memory", this);

    /// <summary>Copies <paramref name="source"/> into this tensor in place (broadcasting, converting dtype and device).</summary>
    public Tensor copy_(Tensor source, bool non_blocking = false)
    {
        Check(NativeMethods.kn_tensor_copy_(Handle, source.Handle, non_blocking ? 1 : 0), "copy_", this, source);
        return this;
    }
}
