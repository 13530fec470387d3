using System.Runtime.InteropServices;

namespace KerasNet.TorchSupport.Native;

/// <summary>
/// Tunes glibc's allocator for tensor workloads. By default glibc returns every freed block above 128 KiB to the kernel
/// (munmap) and maps it afresh on the next allocation, so each step of a training loop faults in its activations and
/// gradients page by page (a convnet step on libtorch 2.10 takes about 3x as long). Raising the mmap and trim
/// thresholds keeps freed blocks in the process for reuse. The price: memory freed by tensors stays with the process
/// (its resident size stays at its peak), as with PyTorch's CUDA caching allocator.
/// </summary>
public static class GlibcAllocator
{
    /// <summary>Blocks below this size come from the heap and are reused after being freed (1 GiB).</summary>
    public const int MmapThreshold = 1 << 30;

    /// <summary>Free memory at the top of the heap is returned to the kernel only above this size (2 GiB - 1, mallopt's largest).</summary>
    public const int TrimThreshold = int.MaxValue;

    /// <summary>The environment variable that keeps glibc's defaults when set to <c>default</c>.</summary>
    public const string OptOutVariable = "KERASNET_ALLOCATOR";

    /// <summary>The runtimeconfig switch that keeps glibc's defaults when true.</summary>
    public const string OptOutSwitch = "KerasNet.Allocator.KeepDefaults";

    private const int MTrimThreshold = -1;
    private const int MMmapThreshold = -3;

    /// <summary>What the last call of <see cref="TuneForTensors"/> did, or null before it ran.</summary>
    public static string? Status { get; private set; }

    /// <summary>
    /// Sets both thresholds, on Linux with glibc, unless the user set <c>MALLOC_MMAP_THRESHOLD_</c> or
    /// <c>MALLOC_TRIM_THRESHOLD_</c> (glibc then already follows the user), set <c>KERASNET_ALLOCATOR=default</c>, or
    /// set the runtimeconfig switch <c>KerasNet.Allocator.KeepDefaults</c>. Returns true when the thresholds were set.
    /// </summary>
    public static bool TuneForTensors()
    {
        if (!OperatingSystem.IsLinux()) return Report(false, "not Linux: nothing to tune");
        if (Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null ||
            Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null)
            return Report(false, "kept: MALLOC_MMAP_THRESHOLD_ or MALLOC_TRIM_THRESHOLD_ is set");
        if (string.Equals(Environment.GetEnvironmentVariable(OptOutVariable), "default", StringComparison.OrdinalIgnoreCase))
            return Report(false, $"kept: {OptOutVariable}=default");
        if (AppContext.TryGetSwitch(OptOutSwitch, out var keep) && keep)
            return Report(false, $"kept: {OptOutSwitch} is true");
        try
        {
            var ok = mallopt(MMmapThreshold, MmapThreshold) == 1 & mallopt(MTrimThreshold, TrimThreshold) == 1;
            return Report(ok, ok ? $"mmap threshold {MmapThreshold}, trim threshold {TrimThreshold}" : "glibc refused the thresholds");
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return Report(false, "not glibc (no mallopt): nothing to tune");
        }
    }

    private static bool Report(bool tuned, string status)
    {
        Status = status;
        return tuned;
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
}
