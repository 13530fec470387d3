using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

// Mirrors src/Keras.Net.Native/src/nn_pool.cpp.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_max_pool1d(IntPtr input, long* kernel, int nkernel, long* stride, int nstride, long* padding, int npadding, long* dilation, int ndilation, int ceilMode);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_max_pool2d(IntPtr input, long* kernel, int nkernel, long* stride, int nstride, long* padding, int npadding, long* dilation, int ndilation, int ceilMode);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_max_pool3d(IntPtr input, long* kernel, int nkernel, long* stride, int nstride, long* padding, int npadding, long* dilation, int ndilation, int ceilMode);
    [LibraryImport(Lib)] internal static partial int kn_nn_max_pool1d_with_indices(IntPtr input, long* kernel, int nkernel, long* stride, int nstride, long* padding, int npadding, long* dilation, int ndilation, int ceilMode, IntPtr* output, IntPtr* indices);
    [LibraryImport(Lib)] internal static partial int kn_nn_max_pool2d_with_indices(IntPtr input, long* kernel, int nkernel, long* stride, int nstride, long* padding, int npadding, long* dilation, int ndilation, int ceilMode, IntPtr* output, IntPtr* indices);
    [LibraryImport(Lib)] internal static partial int kn_nn_max_pool3d_with_indices(IntPtr input, long* kernel, int nkernel, long* stride, int nstride, long* padding, int npadding, long* dilation, int ndilation, int ceilMode, IntPtr* output, IntPtr* indices);

    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_avg_pool1d(IntPtr input, long* kernel, int nkernel, long* stride, int nstride, long* padding, int npadding, int ceilMode, int countIncludePad);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_avg_pool2d(IntPtr input, long* kernel, int nkernel, long* stride, int nstride, long* padding, int npadding, int ceilMode, int countIncludePad, long divisorOverride, int hasDivisor);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_avg_pool3d(IntPtr input, long* kernel, int nkernel, long* stride, int nstride, long* padding, int npadding, int ceilMode, int countIncludePad, long divisorOverride, int hasDivisor);

    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_adaptive_avg_pool1d(IntPtr input, long* outputSize, int nsize);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_adaptive_avg_pool2d(IntPtr input, long* outputSize, int nsize);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_adaptive_avg_pool3d(IntPtr input, long* outputSize, int nsize);
    [LibraryImport(Lib)] internal static partial int kn_nn_adaptive_max_pool1d(IntPtr input, long* outputSize, int nsize, IntPtr* output, IntPtr* indices);
    [LibraryImport(Lib)] internal static partial int kn_nn_adaptive_max_pool2d(IntPtr input, long* outputSize, int nsize, IntPtr* output, IntPtr* indices);
    [LibraryImport(Lib)] internal static partial int kn_nn_adaptive_max_pool3d(IntPtr input, long* outputSize, int nsize, IntPtr* output, IntPtr* indices);
}
