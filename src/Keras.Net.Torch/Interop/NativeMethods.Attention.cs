using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

// Mirrors src/Keras.Net.Native/src/attention.cpp.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial int kn_scaled_dot_product_attention(IntPtr query, IntPtr key, IntPtr value, IntPtr attnMask,
        double dropoutP, int isCausal, double scale, int hasScale, IntPtr* output, IntPtr* weights);
}
