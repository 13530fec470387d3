using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

// Mirrors src/Keras.Net.Native/src/nn_activation.cpp.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_relu(IntPtr a);
    [LibraryImport(Lib)] internal static partial int kn_nn_relu_(IntPtr a);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_relu6(IntPtr a);
    [LibraryImport(Lib)] internal static partial int kn_nn_relu6_(IntPtr a);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_selu(IntPtr a);
    [LibraryImport(Lib)] internal static partial int kn_nn_selu_(IntPtr a);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_silu(IntPtr a);
    [LibraryImport(Lib)] internal static partial int kn_nn_silu_(IntPtr a);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_mish(IntPtr a);
    [LibraryImport(Lib)] internal static partial int kn_nn_mish_(IntPtr a);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_hardswish(IntPtr a);
    [LibraryImport(Lib)] internal static partial int kn_nn_hardswish_(IntPtr a);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_hardsigmoid(IntPtr a);
    [LibraryImport(Lib)] internal static partial int kn_nn_hardsigmoid_(IntPtr a);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_log_sigmoid(IntPtr a);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_leaky_relu(IntPtr a, double negativeSlope);
    [LibraryImport(Lib)] internal static partial int kn_nn_leaky_relu_(IntPtr a, double negativeSlope);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_elu(IntPtr a, double alpha);
    [LibraryImport(Lib)] internal static partial int kn_nn_elu_(IntPtr a, double alpha);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_celu(IntPtr a, double alpha);
    [LibraryImport(Lib)] internal static partial int kn_nn_celu_(IntPtr a, double alpha);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_hardtanh(IntPtr a, double minVal, double maxVal);
    [LibraryImport(Lib)] internal static partial int kn_nn_hardtanh_(IntPtr a, double minVal, double maxVal);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_threshold(IntPtr a, double threshold, double value);
    [LibraryImport(Lib)] internal static partial int kn_nn_threshold_(IntPtr a, double threshold, double value);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_softplus(IntPtr a, double beta, double threshold);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_gelu(IntPtr a, byte* approximate);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_glu(IntPtr a, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_softmax(IntPtr a, long dim, int dtype);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_log_softmax(IntPtr a, long dim, int dtype);
}
