using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

// Mirrors src/Keras.Net.Native/src/distributed_autograd.cpp: differentiable collectives (null on failure).
internal static partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial IntPtr kn_dist_nn_all_reduce_sum(IntPtr group, IntPtr input, long timeoutMs);
}
