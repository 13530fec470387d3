using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

// Mirrors src/Keras.Net.Native/src/sort.cpp.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial int kn_sort(IntPtr t, long dim, int descending, int stable, IntPtr* values, IntPtr* indices);
    [LibraryImport(Lib)] internal static partial IntPtr kn_argsort(IntPtr t, long dim, int descending, int stable);
    [LibraryImport(Lib)] internal static partial int kn_topk(IntPtr t, long k, long dim, int largest, int sorted, IntPtr* values, IntPtr* indices);
    [LibraryImport(Lib)] internal static partial int kn_kthvalue(IntPtr t, long k, long dim, int keepdim, IntPtr* values, IntPtr* indices);
    [LibraryImport(Lib)] internal static partial int kn_unique(IntPtr t, int sorted, int returnInverse, int returnCounts, long dim, int hasDim, IntPtr* values, IntPtr* inverse, IntPtr* counts);
}
