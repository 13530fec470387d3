using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

// Mirrors src/Keras.Net.Native/src/nn_norm.cpp.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_batch_norm(IntPtr input, IntPtr runningMean, IntPtr runningVar, IntPtr weight, IntPtr bias, int training, double momentum, double eps);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_instance_norm(IntPtr input, IntPtr runningMean, IntPtr runningVar, IntPtr weight, IntPtr bias, int useInputStats, double momentum, double eps);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_layer_norm(IntPtr input, long* normalizedShape, int nshape, IntPtr weight, IntPtr bias, double eps);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_group_norm(IntPtr input, long numGroups, IntPtr weight, IntPtr bias, double eps);

    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_dropout(IntPtr input, double p, int train);
    [LibraryImport(Lib)] internal static partial int kn_nn_dropout_(IntPtr input, double p, int train);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_feature_dropout(IntPtr input, double p, int train);
    [LibraryImport(Lib)] internal static partial int kn_nn_feature_dropout_(IntPtr input, double p, int train);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_alpha_dropout(IntPtr input, double p, int train);
    [LibraryImport(Lib)] internal static partial int kn_nn_alpha_dropout_(IntPtr input, double p, int train);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_feature_alpha_dropout(IntPtr input, double p, int train);
    [LibraryImport(Lib)] internal static partial int kn_nn_feature_alpha_dropout_(IntPtr input, double p, int train);

    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_embedding(IntPtr weight, IntPtr indices, long paddingIdx, int scaleGradByFreq, int sparse);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_one_hot(IntPtr input, long numClasses);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_pad(IntPtr input, long* pad, int npad, byte* mode, double value, int hasValue);

    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_upsample_nearest1d(IntPtr input, long* size, int nsize, double* scales, int nscales);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_upsample_nearest2d(IntPtr input, long* size, int nsize, double* scales, int nscales);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_upsample_nearest3d(IntPtr input, long* size, int nsize, double* scales, int nscales);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_upsample_nearest_exact1d(IntPtr input, long* size, int nsize, double* scales, int nscales);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_upsample_nearest_exact2d(IntPtr input, long* size, int nsize, double* scales, int nscales);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_upsample_nearest_exact3d(IntPtr input, long* size, int nsize, double* scales, int nscales);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_upsample_linear1d(IntPtr input, long* size, int nsize, double* scales, int nscales, int alignCorners);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_upsample_bilinear2d(IntPtr input, long* size, int nsize, double* scales, int nscales, int alignCorners);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_upsample_bicubic2d(IntPtr input, long* size, int nsize, double* scales, int nscales, int alignCorners);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_upsample_trilinear3d(IntPtr input, long* size, int nsize, double* scales, int nscales, int alignCorners);

    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_pixel_shuffle(IntPtr input, long upscaleFactor);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_pixel_unshuffle(IntPtr input, long downscaleFactor);
}
