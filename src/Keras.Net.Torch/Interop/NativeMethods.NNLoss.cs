using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

// Mirrors src/Keras.Net.Native/src/nn_loss.cpp. reduction: 0 none, 1 mean, 2 sum.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_cross_entropy(IntPtr input, IntPtr target, IntPtr weight, long reduction, long ignoreIndex, double labelSmoothing);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_nll_loss(IntPtr input, IntPtr target, IntPtr weight, long reduction, long ignoreIndex);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_binary_cross_entropy(IntPtr input, IntPtr target, IntPtr weight, long reduction);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_binary_cross_entropy_with_logits(IntPtr input, IntPtr target, IntPtr weight, IntPtr posWeight, long reduction);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_mse_loss(IntPtr input, IntPtr target, long reduction);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_l1_loss(IntPtr input, IntPtr target, long reduction);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_smooth_l1_loss(IntPtr input, IntPtr target, long reduction, double beta);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_huber_loss(IntPtr input, IntPtr target, long reduction, double delta);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_kl_div(IntPtr input, IntPtr target, long reduction, int logTarget);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_poisson_nll_loss(IntPtr input, IntPtr target, int logInput, int full, double eps, long reduction);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_cosine_embedding_loss(IntPtr input1, IntPtr input2, IntPtr target, double margin, long reduction);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_margin_ranking_loss(IntPtr input1, IntPtr input2, IntPtr target, double margin, long reduction);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_hinge_embedding_loss(IntPtr input, IntPtr target, double margin, long reduction);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_cosine_similarity(IntPtr x1, IntPtr x2, long dim, double eps);
}
