using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

// Mirrors src/Keras.Net.Native/src/cpu_allocator.cpp.
internal static partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial int kn_cpu_allocator_is_caching();
    [LibraryImport(Lib)] internal static partial void kn_tensor_release(IntPtr t);
}
