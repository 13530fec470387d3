using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

// Mirrors src/Keras.Net.Native/src/nn_vision.cpp.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_affine_grid(IntPtr theta, long* size, int nsize, int alignCorners);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_grid_sample(IntPtr input, IntPtr grid, int mode, int paddingMode, int alignCorners);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_upsample_bilinear2d_aa(IntPtr input, long* size, int nsize, int alignCorners);
}
