using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

// Mirrors src/Keras.Net.Native/src/distributed.cpp. Stores and groups are opaque handles (null on failure); tensor
// lists are (IntPtr* handles, int count); timeouts are in milliseconds (0 = the group's own timeout).
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial int kn_dist_features();
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr kn_dist_tcpstore_create(string host, int port,
        int worldSize, int isMaster, long timeoutMs, int waitWorkers);
    [LibraryImport(Lib)] internal static partial void kn_dist_store_free(IntPtr store);
    [LibraryImport(Lib)] internal static partial int kn_dist_store_port(IntPtr store);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int kn_dist_store_set(IntPtr store, string key, byte* data, long length);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial long kn_dist_store_get(IntPtr store, string key, byte* buffer, long capacity);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial long kn_dist_store_add(IntPtr store, string key, long amount);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int kn_dist_store_wait(IntPtr store, string key, long timeoutMs);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr kn_dist_group_create(IntPtr store, int backend, int rank,
        int worldSize, long timeoutMs, string? iface, string? hostname);
    [LibraryImport(Lib)] internal static partial void kn_dist_group_free(IntPtr group);
    [LibraryImport(Lib)] internal static partial int kn_dist_all_reduce(IntPtr group, IntPtr* tensors, int count, int op, long bucketBytes, long timeoutMs);
    [LibraryImport(Lib)] internal static partial int kn_dist_broadcast(IntPtr group, IntPtr* tensors, int count, int root, long bucketBytes, long timeoutMs);
    [LibraryImport(Lib)] internal static partial IntPtr kn_dist_all_gather(IntPtr group, IntPtr input, long timeoutMs);
    [LibraryImport(Lib)] internal static partial int kn_dist_barrier(IntPtr group, long timeoutMs);
}
