using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

internal static partial class NativeMethods
{
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr kn_torch_version();
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int kn_cuda_is_available();
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int kn_cuda_device_count();
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int kn_get_num_threads();
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int kn_set_num_threads(int n);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int kn_get_num_interop_threads();
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int kn_set_num_interop_threads(int n);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int kn_manual_seed(ulong seed);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int kn_is_grad_enabled();
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial void kn_set_grad_enabled(int enabled);
}
