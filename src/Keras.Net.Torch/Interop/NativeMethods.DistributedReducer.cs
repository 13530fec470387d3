using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

// Mirrors src/Keras.Net.Native/src/distributed_reducer.cpp (c10d::Reducer, DDP's engine). The reducer is an opaque
// handle (null on failure); tensor lists are (IntPtr* handles, int count).
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial int kn_dist_reducer_available();
    [LibraryImport(Lib)] internal static partial IntPtr kn_dist_reducer_create(IntPtr group, IntPtr* parameters, int count, long bucketBytes,
        long firstBucketBytes, int findUnused);
    [LibraryImport(Lib)] internal static partial void kn_dist_reducer_free(IntPtr reducer);
    [LibraryImport(Lib)] internal static partial int kn_dist_reducer_prepare(IntPtr reducer, IntPtr* outputs, int count);
    [LibraryImport(Lib)] internal static partial int kn_dist_reducer_finished(IntPtr reducer);
    [LibraryImport(Lib)] internal static partial int kn_dist_reached_parameters(IntPtr* parameters, int count, IntPtr* outputs, int outputCount,
        int* reached);
}
