using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

internal static partial class NativeMethods
{
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr kn_last_error();
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int kn_last_error_kind();
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial void kn_clear_error();
}
