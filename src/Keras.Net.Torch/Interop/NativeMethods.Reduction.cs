using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

// Mirrors src/Keras.Net.Native/src/reduction.cpp.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial IntPtr kn_sum(IntPtr a, long* dims, int ndims, int keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr kn_mean(IntPtr a, long* dims, int ndims, int keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr kn_amax(IntPtr a, long* dims, int ndims, int keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr kn_amin(IntPtr a, long* dims, int ndims, int keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr kn_logsumexp(IntPtr a, long* dims, int ndims, int keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nansum(IntPtr a, long* dims, int ndims, int keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr kn_std(IntPtr a, long* dims, int ndims, long correction, int keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr kn_var(IntPtr a, long* dims, int ndims, long correction, int keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr kn_prod(IntPtr a, long dim, int hasDim, int keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr kn_all(IntPtr a, long dim, int hasDim, int keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr kn_any(IntPtr a, long dim, int hasDim, int keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr kn_argmax(IntPtr a, long dim, int hasDim, int keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr kn_argmin(IntPtr a, long dim, int hasDim, int keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr kn_max_all(IntPtr a);
    [LibraryImport(Lib)] internal static partial IntPtr kn_min_all(IntPtr a);
    [LibraryImport(Lib)] internal static partial int kn_max_dim(IntPtr a, long dim, int keepdim, IntPtr* values, IntPtr* indices);
    [LibraryImport(Lib)] internal static partial int kn_min_dim(IntPtr a, long dim, int keepdim, IntPtr* values, IntPtr* indices);
    [LibraryImport(Lib)] internal static partial IntPtr kn_cumsum(IntPtr a, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr kn_cumprod(IntPtr a, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr kn_norm(IntPtr a, double p, long* dims, int ndims, int keepdim);
}
