using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

// Mirrors src/Keras.Net.Native/src/shape.cpp.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial void kn_tensor_array_free(IntPtr* handles);
    [LibraryImport(Lib)] internal static partial IntPtr kn_view(IntPtr t, long* shape, int n);
    [LibraryImport(Lib)] internal static partial IntPtr kn_reshape(IntPtr t, long* shape, int n);
    [LibraryImport(Lib)] internal static partial IntPtr kn_view_as(IntPtr t, IntPtr other);
    [LibraryImport(Lib)] internal static partial IntPtr kn_reshape_as(IntPtr t, IntPtr other);
    [LibraryImport(Lib)] internal static partial IntPtr kn_permute(IntPtr t, long* dims, int n);
    [LibraryImport(Lib)] internal static partial IntPtr kn_transpose(IntPtr t, long dim0, long dim1);
    [LibraryImport(Lib)] internal static partial IntPtr kn_t(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr kn_movedim(IntPtr t, long* source, long* destination, int n);
    [LibraryImport(Lib)] internal static partial IntPtr kn_squeeze(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr kn_squeeze_dim(IntPtr t, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr kn_unsqueeze(IntPtr t, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr kn_flatten(IntPtr t, long startDim, long endDim);
    [LibraryImport(Lib)] internal static partial IntPtr kn_unflatten(IntPtr t, long dim, long* sizes, int n);
    [LibraryImport(Lib)] internal static partial IntPtr kn_expand(IntPtr t, long* sizes, int n);
    [LibraryImport(Lib)] internal static partial IntPtr kn_expand_as(IntPtr t, IntPtr other);
    [LibraryImport(Lib)] internal static partial IntPtr kn_broadcast_to(IntPtr t, long* sizes, int n);
    [LibraryImport(Lib)] internal static partial IntPtr kn_repeat(IntPtr t, long* repeats, int n);
    [LibraryImport(Lib)] internal static partial IntPtr kn_narrow(IntPtr t, long dim, long start, long length);
    [LibraryImport(Lib)] internal static partial IntPtr kn_select(IntPtr t, long dim, long index);
    [LibraryImport(Lib)] internal static partial IntPtr kn_flip(IntPtr t, long* dims, int n);
    [LibraryImport(Lib)] internal static partial IntPtr kn_roll(IntPtr t, long* shifts, int nShifts, long* dims, int nDims);
    [LibraryImport(Lib)] internal static partial IntPtr kn_cat(IntPtr* tensors, int n, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr kn_stack(IntPtr* tensors, int n, long dim);
    [LibraryImport(Lib)] internal static partial int kn_split(IntPtr t, long splitSize, long dim, IntPtr** output, long* count);
    [LibraryImport(Lib)] internal static partial int kn_split_with_sizes(IntPtr t, long* sizes, int n, long dim, IntPtr** output, long* count);
    [LibraryImport(Lib)] internal static partial int kn_chunk(IntPtr t, long chunks, long dim, IntPtr** output, long* count);
    [LibraryImport(Lib)] internal static partial int kn_unbind(IntPtr t, long dim, IntPtr** output, long* count);
    [LibraryImport(Lib)] internal static partial IntPtr kn_tril(IntPtr t, long diagonal);
    [LibraryImport(Lib)] internal static partial IntPtr kn_triu(IntPtr t, long diagonal);
    [LibraryImport(Lib)] internal static partial IntPtr kn_diag(IntPtr t, long diagonal);
    [LibraryImport(Lib)] internal static partial IntPtr kn_diagonal(IntPtr t, long offset, long dim1, long dim2);
}
