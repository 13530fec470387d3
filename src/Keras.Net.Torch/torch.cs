using System.Runtime.InteropServices;
using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

/// <summary>
/// The PyTorch-style entry point: <c>torch.randn(...)</c>, <c>torch.nn.functional.conv2d(...)</c>.
/// Add <c>using static KerasNet.Torch.torch;</c> to write <c>randn(...)</c> as in TorchSharp.
/// </summary>
#pragma warning disable IDE1006 // lower-case names follow PyTorch on purpose
public static partial class torch
{
    static torch()
    {
        // Debian's libtorch starts with one intra-op thread; use every core, as PyTorch does.
        var cores = Environment.ProcessorCount;
        if (Environment.GetEnvironmentVariable("OMP_NUM_THREADS") is null && NativeMethods.kn_get_num_threads() < cores)
            NativeMethods.kn_set_num_threads(cores);
    }

    /// <summary>float32.</summary>
    public const ScalarType float32 = ScalarType.Float32;
    /// <summary>float64.</summary>
    public const ScalarType float64 = ScalarType.Float64;
    /// <summary>float16.</summary>
    public const ScalarType float16 = ScalarType.Float16;
    /// <summary>bfloat16.</summary>
    public const ScalarType bfloat16 = ScalarType.BFloat16;
    /// <summary>int64.</summary>
    public const ScalarType int64 = ScalarType.Int64;
    /// <summary>int32.</summary>
    public const ScalarType int32 = ScalarType.Int32;
    /// <summary>int16.</summary>
    public const ScalarType int16 = ScalarType.Int16;
    /// <summary>int8.</summary>
    public const ScalarType int8 = ScalarType.Int8;
    /// <summary>uint8.</summary>
    public const ScalarType uint8 = ScalarType.Byte;
    /// <summary>bool.</summary>
    public const ScalarType @bool = ScalarType.Bool;

    /// <summary>The CPU device.</summary>
    public static Device CPU => Device.CPU;

    /// <summary>The default CUDA device.</summary>
    public static Device CUDA => Device.CUDA;

    /// <summary>Parses <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public static Device device(string description) => Device.Parse(description);

    /// <summary>The version of the loaded libtorch, e.g. <c>1.13.1</c>.</summary>
    public static string __version__ => Marshal.PtrToStringUTF8(NativeMethods.kn_torch_version()) ?? "unknown";

    /// <summary>Seeds libtorch's default generators (CPU and CUDA).</summary>
    public static void manual_seed(long seed) => Tensor.Check(NativeMethods.kn_manual_seed(unchecked((ulong)seed)), "manual_seed");

    /// <summary>The number of intra-op threads.</summary>
    public static int get_num_threads() => NativeMethods.kn_get_num_threads();

    /// <summary>Sets the number of intra-op threads.</summary>
    public static void set_num_threads(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "set_num_threads: expected at least 1 thread.");
        Tensor.Check(NativeMethods.kn_set_num_threads(threads), "set_num_threads");
    }

    /// <summary>The number of inter-op threads.</summary>
    public static int get_num_interop_threads() => NativeMethods.kn_get_num_interop_threads();

    /// <summary>Sets the number of inter-op threads (only before any inter-op work has started).</summary>
    public static void set_num_interop_threads(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "set_num_interop_threads: expected at least 1 thread.");
        Tensor.Check(NativeMethods.kn_set_num_interop_threads(threads), "set_num_interop_threads");
    }

    /// <summary>Opens a scope that disposes every tensor created on this thread until it is disposed.</summary>
    public static DisposeScope NewDisposeScope() => new();

    /// <summary>CUDA queries.</summary>
    public static class cuda
    {
        /// <summary>True when libtorch was built with CUDA and a GPU is visible.</summary>
        public static bool is_available() => NativeMethods.kn_cuda_is_available() != 0;

        /// <summary>The number of visible CUDA devices (0 without CUDA).</summary>
        public static int device_count() => Math.Max(0, NativeMethods.kn_cuda_device_count());
    }
}
