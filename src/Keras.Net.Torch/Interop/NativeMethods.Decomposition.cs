using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

// Mirrors src/Keras.Net.Native/src/decomposition.cpp.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial int kn_linalg_qr(IntPtr a, IntPtr* q, IntPtr* r);
}
