using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

// Mirrors src/Keras.Net.Native/src/linalg.cpp.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial IntPtr kn_matmul(IntPtr a, IntPtr b);
    [LibraryImport(Lib)] internal static partial IntPtr kn_mm(IntPtr a, IntPtr b);
    [LibraryImport(Lib)] internal static partial IntPtr kn_bmm(IntPtr a, IntPtr b);
    [LibraryImport(Lib)] internal static partial IntPtr kn_mv(IntPtr a, IntPtr b);
    [LibraryImport(Lib)] internal static partial IntPtr kn_dot(IntPtr a, IntPtr b);
    [LibraryImport(Lib)] internal static partial IntPtr kn_outer(IntPtr a, IntPtr b);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr kn_einsum(string equation, IntPtr* tensors, int n);
    [LibraryImport(Lib)] internal static partial IntPtr kn_addmm(IntPtr self, IntPtr mat1, IntPtr mat2, NativeScalar beta, NativeScalar alpha);
    [LibraryImport(Lib)] internal static partial IntPtr kn_baddbmm(IntPtr self, IntPtr batch1, IntPtr batch2, NativeScalar beta, NativeScalar alpha);
    [LibraryImport(Lib)] internal static partial IntPtr kn_cross(IntPtr a, IntPtr b, long dim, int hasDim);
    [LibraryImport(Lib)] internal static partial IntPtr kn_tensordot(IntPtr a, IntPtr b, long* dimsA, long* dimsB, int n);
}
