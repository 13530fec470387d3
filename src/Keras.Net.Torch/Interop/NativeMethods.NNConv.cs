using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

// Mirrors src/Keras.Net.Native/src/nn_conv.cpp.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_linear(IntPtr input, IntPtr weight, IntPtr bias);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_bilinear(IntPtr input1, IntPtr input2, IntPtr weight, IntPtr bias);

    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_conv1d(IntPtr input, IntPtr weight, IntPtr bias, long* stride, int nstride, long* padding, int npadding, long* dilation, int ndilation, long groups);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_conv2d(IntPtr input, IntPtr weight, IntPtr bias, long* stride, int nstride, long* padding, int npadding, long* dilation, int ndilation, long groups);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_conv3d(IntPtr input, IntPtr weight, IntPtr bias, long* stride, int nstride, long* padding, int npadding, long* dilation, int ndilation, long groups);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_conv1d_padding_mode(IntPtr input, IntPtr weight, IntPtr bias, long* stride, int nstride, byte* padding, long* dilation, int ndilation, long groups);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_conv2d_padding_mode(IntPtr input, IntPtr weight, IntPtr bias, long* stride, int nstride, byte* padding, long* dilation, int ndilation, long groups);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_conv3d_padding_mode(IntPtr input, IntPtr weight, IntPtr bias, long* stride, int nstride, byte* padding, long* dilation, int ndilation, long groups);

    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_conv_transpose1d(IntPtr input, IntPtr weight, IntPtr bias, long* stride, int nstride, long* padding, int npadding, long* outputPadding, int noutputPadding, long groups, long* dilation, int ndilation);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_conv_transpose2d(IntPtr input, IntPtr weight, IntPtr bias, long* stride, int nstride, long* padding, int npadding, long* outputPadding, int noutputPadding, long groups, long* dilation, int ndilation);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_conv_transpose3d(IntPtr input, IntPtr weight, IntPtr bias, long* stride, int nstride, long* padding, int npadding, long* outputPadding, int noutputPadding, long groups, long* dilation, int ndilation);
}
