using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

// Mirrors src/Keras.Net.Native/src/index.cpp. An index list travels as parallel arrays: one kind code per
// entry, three int64 arguments per entry and one tensor handle per entry (see TensorIndex).
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial IntPtr kn_index(IntPtr t, int* kinds, long* args, IntPtr* tensors, int n);
    [LibraryImport(Lib)] internal static partial int kn_index_put_(IntPtr t, int* kinds, long* args, IntPtr* tensors, int n, IntPtr value);
    [LibraryImport(Lib)] internal static partial int kn_index_put_scalar_(IntPtr t, int* kinds, long* args, IntPtr* tensors, int n, NativeScalar value);
    [LibraryImport(Lib)] internal static partial IntPtr kn_gather(IntPtr t, long dim, IntPtr index, int sparseGrad);
    [LibraryImport(Lib)] internal static partial IntPtr kn_scatter(IntPtr t, long dim, IntPtr index, IntPtr src);
    [LibraryImport(Lib)] internal static partial IntPtr kn_scatter_value(IntPtr t, long dim, IntPtr index, NativeScalar value);
    [LibraryImport(Lib)] internal static partial IntPtr kn_scatter_add(IntPtr t, long dim, IntPtr index, IntPtr src);
    [LibraryImport(Lib)] internal static partial int kn_scatter_(IntPtr t, long dim, IntPtr index, IntPtr src);
    [LibraryImport(Lib)] internal static partial int kn_scatter_value_(IntPtr t, long dim, IntPtr index, NativeScalar value);
    [LibraryImport(Lib)] internal static partial int kn_scatter_add_(IntPtr t, long dim, IntPtr index, IntPtr src);
    [LibraryImport(Lib)] internal static partial IntPtr kn_index_select(IntPtr t, long dim, IntPtr index);
    [LibraryImport(Lib)] internal static partial IntPtr kn_index_add(IntPtr t, long dim, IntPtr index, IntPtr source, NativeScalar alpha);
    [LibraryImport(Lib)] internal static partial int kn_index_add_(IntPtr t, long dim, IntPtr index, IntPtr source, NativeScalar alpha);
    [LibraryImport(Lib)] internal static partial IntPtr kn_index_fill(IntPtr t, long dim, IntPtr index, NativeScalar value);
    [LibraryImport(Lib)] internal static partial IntPtr kn_masked_fill(IntPtr t, IntPtr mask, NativeScalar value);
    [LibraryImport(Lib)] internal static partial IntPtr kn_masked_fill_tensor(IntPtr t, IntPtr mask, IntPtr value);
    [LibraryImport(Lib)] internal static partial int kn_masked_fill_(IntPtr t, IntPtr mask, NativeScalar value);
    [LibraryImport(Lib)] internal static partial int kn_masked_fill_tensor_(IntPtr t, IntPtr mask, IntPtr value);
    [LibraryImport(Lib)] internal static partial IntPtr kn_masked_select(IntPtr t, IntPtr mask);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nonzero(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr kn_take(IntPtr t, IntPtr index);
    [LibraryImport(Lib)] internal static partial int kn_where_indices(IntPtr condition, IntPtr** output, long* count);
}
