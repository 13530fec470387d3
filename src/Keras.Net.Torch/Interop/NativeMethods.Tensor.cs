using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

internal static unsafe partial class NativeMethods
{
    private const string Lib = NativeLibraryLoader.LibraryName;

    [LibraryImport(Lib)] internal static partial void kn_tensor_free(IntPtr t);
    [LibraryImport(Lib)] internal static partial int kn_tensor_dim(IntPtr t);
    [LibraryImport(Lib)] internal static partial int kn_tensor_sizes(IntPtr t, long* output, int capacity);
    [LibraryImport(Lib)] internal static partial int kn_tensor_strides(IntPtr t, long* output, int capacity);
    [LibraryImport(Lib)] internal static partial long kn_tensor_numel(IntPtr t);
    [LibraryImport(Lib)] internal static partial int kn_tensor_dtype(IntPtr t);
    [LibraryImport(Lib)] internal static partial int kn_tensor_device_type(IntPtr t);
    [LibraryImport(Lib)] internal static partial int kn_tensor_device_index(IntPtr t);
    [LibraryImport(Lib)] internal static partial int kn_tensor_is_contiguous(IntPtr t);
    [LibraryImport(Lib)] internal static partial int kn_tensor_is_defined(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr kn_tensor_from_host(void* data, long* shape, int ndim, int dtype, int requiresGrad);
    [LibraryImport(Lib)] internal static partial int kn_tensor_copy_to_host(IntPtr t, void* destination, long nbytes);
    [LibraryImport(Lib)] internal static partial int kn_tensor_item(IntPtr t, double* asDouble, long* asLong);
    [LibraryImport(Lib)] internal static partial IntPtr kn_tensor_to(IntPtr t, int dtype, int deviceType, int deviceIndex, int nonBlocking, int copy);
    [LibraryImport(Lib)] internal static partial IntPtr kn_tensor_clone(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr kn_tensor_contiguous(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr kn_tensor_alias(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr kn_tensor_pin_memory(IntPtr t);
    [LibraryImport(Lib)] internal static partial int kn_tensor_copy_(IntPtr destination, IntPtr source, int nonBlocking);

    [LibraryImport(Lib)] internal static partial IntPtr kn_empty(long* shape, int ndim, int dtype, int deviceType, int deviceIndex, int requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr kn_zeros(long* shape, int ndim, int dtype, int deviceType, int deviceIndex, int requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr kn_ones(long* shape, int ndim, int dtype, int deviceType, int deviceIndex, int requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr kn_full(long* shape, int ndim, NativeScalar value, int dtype, int deviceType, int deviceIndex, int requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr kn_arange(NativeScalar start, NativeScalar end, NativeScalar step, int dtype, int deviceType, int deviceIndex, int requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr kn_linspace(double start, double end, long steps, int dtype, int deviceType, int deviceIndex, int requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr kn_eye(long n, long m, int dtype, int deviceType, int deviceIndex, int requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr kn_zeros_like(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr kn_ones_like(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr kn_empty_like(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr kn_full_like(IntPtr t, NativeScalar value);
}
