using KerasNet.Torch.Distributed;
using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

#pragma warning disable IDE1006 // lower-case names follow PyTorch on purpose
public static partial class torch
{
    public static partial class distributed
    {
        /// <summary>
        /// A group of processes that run collectives together (libtorch's c10d ProcessGroupGloo, or ProcessGroupNCCL
        /// on a CUDA build). Every process of the group must call the same collectives in the same order. After a
        /// failed collective (a <see cref="DistributedException"/>) the group is unusable.
        /// </summary>
        public sealed class ProcessGroup : IDisposable
        {
            private IntPtr handle;

            /// <summary>
            /// Creates the group over a rendezvous store; returns once every rank has joined (or raises
            /// <see cref="DistributedTimeoutException"/> after <paramref name="timeout"/>).
            /// </summary>
            /// <param name="store">The rendezvous store every rank shares; the group keeps it alive and disposes it with itself.</param>
            /// <param name="backend"><c>"gloo"</c> (CPU tensors) or <c>"nccl"</c> (CUDA tensors; needs a CUDA libtorch with NCCL).</param>
            /// <param name="rank">This process's rank, in [0, world_size).</param>
            /// <param name="world_size">The number of processes.</param>
            /// <param name="timeout">The longest any collective of this group may take (default 30 minutes, as PyTorch's).</param>
            /// <param name="network_interface">Gloo only: the network interface to use (e.g. <c>eth0</c>); by default
            /// <c>GLOO_SOCKET_IFNAME</c>, else the loopback address when the master is local, else the address the host name resolves to.</param>
            public ProcessGroup(TCPStore store, string backend, int rank, int world_size, TimeSpan? timeout = null, string? network_interface = null)
            {
                ArgumentNullException.ThrowIfNull(store);
                ArgumentNullException.ThrowIfNull(backend);
                var code = backend.ToLowerInvariant() switch
                {
                    "gloo" => 0,
                    "nccl" => 1,
                    _ => throw new ArgumentException($"ProcessGroup: unknown backend '{backend}'; expected \"gloo\" (CPU) or \"nccl\" (CUDA).", nameof(backend)),
                };
                if (world_size < 1)
                    throw new ArgumentOutOfRangeException(nameof(world_size), world_size, $"ProcessGroup: world_size must be at least 1; received {world_size}.");
                if (rank < 0 || rank >= world_size)
                    throw new ArgumentOutOfRangeException(nameof(rank), rank, $"ProcessGroup: rank must be in [0, world_size) = [0, {world_size}); received {rank}.");
                Timeout = timeout ?? TimeSpan.FromMinutes(30);
                CheckTimeout(Timeout, nameof(timeout), "ProcessGroup");
                var iface = network_interface ?? NonEmpty(Environment.GetEnvironmentVariable("GLOO_SOCKET_IFNAME"));
                var hostname = iface is null && IsLoopback(store.HostName) ? "127.0.0.1" : null;
                handle = NativeMethods.kn_dist_group_create(store.Handle, code, rank, world_size, (long)Timeout.TotalMilliseconds, iface, hostname);
                if (handle == IntPtr.Zero)
                    throw DistributedError.FromNative("new_group", $"backend {backend}, rank {rank} of {world_size}, master {store.HostName}:{store.port}");
                Store = store;
                Backend = backend.ToLowerInvariant();
                Rank = rank;
                WorldSize = world_size;
            }

            /// <summary>The rendezvous store.</summary>
            public TCPStore Store { get; }

            /// <summary><c>gloo</c> or <c>nccl</c>.</summary>
            public string Backend { get; }

            /// <summary>This process's rank.</summary>
            public int Rank { get; }

            /// <summary>The number of processes.</summary>
            public int WorldSize { get; }

            /// <summary>The default timeout of this group's collectives.</summary>
            public TimeSpan Timeout { get; }

            internal IntPtr Handle => handle != IntPtr.Zero ? handle
                : throw new ObjectDisposedException(nameof(ProcessGroup), "This process group was destroyed; call init_process_group again.");

            internal long TimeoutMs(TimeSpan? timeout, string op)
            {
                if (timeout is null) return 0;
                CheckTimeout(timeout.Value, "timeout", op);
                return (long)timeout.Value.TotalMilliseconds;
            }

            /// <summary>Destroys the group and closes its store.</summary>
            public void Dispose()
            {
                var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
                if (h != IntPtr.Zero) NativeMethods.kn_dist_group_free(h);
                Store?.Dispose();
            }

            private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

            internal static bool IsLoopback(string host) =>
                host == "localhost" || host == "::1" || host.StartsWith("127.", StringComparison.Ordinal);
        }
    }
}
