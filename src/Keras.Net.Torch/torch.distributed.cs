using System.Globalization;
using KerasNet.Torch.Distributed;
using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

#pragma warning disable IDE1006 // lower-case names follow PyTorch on purpose
public static partial class torch
{
    /// <summary>
    /// torch.distributed over libtorch's c10d: a default process group set up from the environment variables that
    /// torchrun and other launchers set (<c>MASTER_ADDR</c>, <c>MASTER_PORT</c>, <c>RANK</c>, <c>WORLD_SIZE</c>,
    /// <c>LOCAL_RANK</c>), and the collectives data-parallel training needs. Every collective has a timeout, so a
    /// dead or stuck peer raises a <see cref="DistributedException"/> instead of hanging.
    /// </summary>
    public static partial class distributed
    {
        /// <summary>Reduction of a collective. <see cref="AVG"/> is a sum divided by the world size (floating tensors).</summary>
        public enum ReduceOp
        {
            /// <summary>Sum.</summary>
            SUM = 0,
            /// <summary>Average (sum, then divide by the world size).</summary>
            AVG = 1,
            /// <summary>Product.</summary>
            PRODUCT = 2,
            /// <summary>Minimum.</summary>
            MIN = 3,
            /// <summary>Maximum.</summary>
            MAX = 4,
        }

        /// <summary>Default bucket size of the coalesced collectives: 25 MiB, as DistributedDataParallel's.</summary>
        public const long DefaultBucketCapBytes = 25L * 1024 * 1024;

        private static ProcessGroup? defaultGroup;

        /// <summary>True when the native shim was built with c10d.</summary>
        public static bool is_available() => (NativeMethods.kn_dist_features() & 1) != 0;

        /// <summary>True when the Gloo backend (CPU) is built in.</summary>
        public static bool is_gloo_available() => (NativeMethods.kn_dist_features() & 2) != 0;

        /// <summary>True when the NCCL backend (CUDA) is built in.</summary>
        public static bool is_nccl_available() => (NativeMethods.kn_dist_features() & 4) != 0;

        /// <summary>True after <see cref="init_process_group"/> and before <see cref="destroy_process_group"/>.</summary>
        public static bool is_initialized() => defaultGroup is not null;

        /// <summary>
        /// Creates the default process group (PyTorch's <c>env://</c> initialisation): rank 0 hosts a TCPStore on
        /// <c>MASTER_ADDR:MASTER_PORT</c>, the others connect to it, and all of them build a <paramref name="backend"/>
        /// group. Arguments left null are read from the environment variables <c>MASTER_ADDR</c>, <c>MASTER_PORT</c>,
        /// <c>RANK</c> and <c>WORLD_SIZE</c>.
        /// </summary>
        /// <param name="backend"><c>"gloo"</c> (CPU) or <c>"nccl"</c> (CUDA).</param>
        /// <param name="timeout">Bounds the rendezvous and every collective (default 30 minutes, as PyTorch's).</param>
        /// <param name="world_size">The number of processes (default: <c>WORLD_SIZE</c>).</param>
        /// <param name="rank">This process's rank (default: <c>RANK</c>).</param>
        /// <param name="master_addr">The address of rank 0 (default: <c>MASTER_ADDR</c>).</param>
        /// <param name="master_port">The port rank 0 listens on (default: <c>MASTER_PORT</c>).</param>
        /// <returns>The default group.</returns>
        public static ProcessGroup init_process_group(string backend = "gloo", TimeSpan? timeout = null, int? world_size = null, int? rank = null,
                                                      string? master_addr = null, int? master_port = null)
        {
            if (defaultGroup is not null)
                throw new InvalidOperationException("init_process_group: the default process group is already initialized; call destroy_process_group() first.");
            var size = world_size ?? EnvInt("WORLD_SIZE", "world_size");
            var r = rank ?? EnvInt("RANK", "rank");
            var addr = master_addr ?? Env("MASTER_ADDR", "master_addr");
            var port = master_port ?? EnvInt("MASTER_PORT", "master_port");
            if (size < 1) throw new ArgumentOutOfRangeException(nameof(world_size), size, $"init_process_group: world_size must be at least 1; received {size}.");
            if (r < 0 || r >= size) throw new ArgumentOutOfRangeException(nameof(rank), r, $"init_process_group: rank must be in [0, world_size) = [0, {size}); received {r}.");
            if (port is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(master_port), port, $"init_process_group: master_port must be in [1, 65535]; received {port}.");
            var t = timeout ?? TimeSpan.FromMinutes(30);
            CheckTimeout(t, nameof(timeout), "init_process_group");
            var store = new TCPStore(addr, port, size, is_master: r == 0, timeout: t);
            try
            {
                defaultGroup = new ProcessGroup(store, backend, r, size, t);
            }
            catch
            {
                store.Dispose();
                throw;
            }
            return defaultGroup;
        }

        /// <summary>Destroys the default process group (no-op when there is none).</summary>
        public static void destroy_process_group()
        {
            var group = Interlocked.Exchange(ref defaultGroup, null);
            group?.Dispose();
        }

        /// <summary>The default process group.</summary>
        public static ProcessGroup group_WORLD => defaultGroup
            ?? throw new InvalidOperationException("torch.distributed: the default process group is not initialized; call torch.distributed.init_process_group() first.");

        /// <summary>This process's rank in <paramref name="group"/> (default group when null).</summary>
        public static int get_rank(ProcessGroup? group = null) => (group ?? group_WORLD).Rank;

        /// <summary>The number of processes in <paramref name="group"/> (default group when null).</summary>
        public static int get_world_size(ProcessGroup? group = null) => (group ?? group_WORLD).WorldSize;

        /// <summary>The rank of this process on its machine: <c>LOCAL_RANK</c>, else 0.</summary>
        public static int get_local_rank()
        {
            var text = Environment.GetEnvironmentVariable("LOCAL_RANK");
            return string.IsNullOrWhiteSpace(text) ? 0 : ParseInt("LOCAL_RANK", text, "local_rank");
        }

        /// <summary>Reduces <paramref name="tensor"/> across the group, in place, on every rank.</summary>
        public static void all_reduce(Tensor tensor, ReduceOp op = ReduceOp.SUM, ProcessGroup? group = null, TimeSpan? timeout = null)
        {
            ArgumentNullException.ThrowIfNull(tensor);
            all_reduce_coalesced(new[] { tensor }, op, group, DefaultBucketCapBytes, timeout);
        }

        /// <summary>
        /// Reduces every tensor of the list in place, flattened into buckets of at most <paramref name="bucket_cap_bytes"/>
        /// (consecutive tensors of one dtype and device): one collective per bucket instead of one per tensor, all
        /// buckets in flight at once. Gradient all-reduce uses this with <see cref="ReduceOp.AVG"/>.
        /// </summary>
        public static unsafe void all_reduce_coalesced(IReadOnlyList<Tensor> tensors, ReduceOp op = ReduceOp.SUM, ProcessGroup? group = null,
                                                       long bucket_cap_bytes = DefaultBucketCapBytes, TimeSpan? timeout = null)
        {
            ArgumentNullException.ThrowIfNull(tensors);
            CheckOp(op);
            CheckBucket(bucket_cap_bytes);
            var g = group ?? group_WORLD;
            if (tensors.Count == 0) return;
            var handles = Handles(tensors, "all_reduce");
            int status;
            fixed (IntPtr* p = handles)
                status = NativeMethods.kn_dist_all_reduce(g.Handle, p, handles.Length, (int)op, bucket_cap_bytes, g.TimeoutMs(timeout, "all_reduce"));
            GC.KeepAlive(tensors);
            if (status != 0) throw DistributedError.FromNative("all_reduce", Describe(g, tensors));
        }

        /// <summary>Overwrites <paramref name="tensor"/> on every rank with its value on rank <paramref name="src"/>.</summary>
        public static void broadcast(Tensor tensor, int src, ProcessGroup? group = null, TimeSpan? timeout = null)
        {
            ArgumentNullException.ThrowIfNull(tensor);
            broadcast_coalesced(new[] { tensor }, src, group, DefaultBucketCapBytes, timeout);
        }

        /// <summary>Broadcasts every tensor of the list from rank <paramref name="src"/>, flattened into buckets (initial weights use this).</summary>
        public static unsafe void broadcast_coalesced(IReadOnlyList<Tensor> tensors, int src, ProcessGroup? group = null,
                                                      long bucket_cap_bytes = DefaultBucketCapBytes, TimeSpan? timeout = null)
        {
            ArgumentNullException.ThrowIfNull(tensors);
            CheckBucket(bucket_cap_bytes);
            var g = group ?? group_WORLD;
            if (src < 0 || src >= g.WorldSize)
                throw new ArgumentOutOfRangeException(nameof(src), src, $"broadcast: src must be a rank in [0, {g.WorldSize}); received {src}.");
            if (tensors.Count == 0) return;
            var handles = Handles(tensors, "broadcast");
            int status;
            fixed (IntPtr* p = handles)
                status = NativeMethods.kn_dist_broadcast(g.Handle, p, handles.Length, src, bucket_cap_bytes, g.TimeoutMs(timeout, "broadcast"));
            GC.KeepAlive(tensors);
            if (status != 0) throw DistributedError.FromNative("broadcast", Describe(g, tensors));
        }

        /// <summary>
        /// Every rank's <paramref name="tensor"/> (same shape and dtype everywhere), stacked along a new first axis in
        /// rank order: shape (world_size, ...).
        /// </summary>
        public static Tensor all_gather(Tensor tensor, ProcessGroup? group = null, TimeSpan? timeout = null)
        {
            ArgumentNullException.ThrowIfNull(tensor);
            var g = group ?? group_WORLD;
            var result = NativeMethods.kn_dist_all_gather(g.Handle, tensor.Handle, g.TimeoutMs(timeout, "all_gather"));
            GC.KeepAlive(tensor);
            if (result == IntPtr.Zero) throw DistributedError.FromNative("all_gather", Describe(g, new[] { tensor }));
            return Tensor.Wrap(result, "all_gather", tensor);
        }

        /// <summary>PyTorch's form: fills <paramref name="tensor_list"/> with every rank's <paramref name="tensor"/>, in rank order.</summary>
        public static void all_gather(IList<Tensor> tensor_list, Tensor tensor, ProcessGroup? group = null, TimeSpan? timeout = null)
        {
            ArgumentNullException.ThrowIfNull(tensor_list);
            var stacked = all_gather(tensor, group, timeout);
            tensor_list.Clear();
            for (var i = 0; i < stacked.shape[0]; i++) tensor_list.Add(stacked[i]);
        }

        /// <summary>Every rank's value of a scalar, in rank order (e.g. a sample count or a flag).</summary>
        public static double[] all_gather_scalar(double value, ProcessGroup? group = null, TimeSpan? timeout = null)
        {
            using var scope = NewDisposeScope();
            var gathered = all_gather(tensor(new[] { value }), group, timeout);
            return gathered.reshape(-1).data<double>().ToArray();
        }

        /// <summary>Waits until every rank of the group has reached this call.</summary>
        public static void barrier(ProcessGroup? group = null, TimeSpan? timeout = null)
        {
            var g = group ?? group_WORLD;
            if (NativeMethods.kn_dist_barrier(g.Handle, g.TimeoutMs(timeout, "barrier")) != 0)
                throw DistributedError.FromNative("barrier", $"rank {g.Rank} of {g.WorldSize}");
        }

        private static IntPtr[] Handles(IReadOnlyList<Tensor> tensors, string op)
        {
            var handles = new IntPtr[tensors.Count];
            for (var i = 0; i < handles.Length; i++)
                handles[i] = (tensors[i] ?? throw new ArgumentException($"{op}: tensors[{i}] is null; pass a tensor in every entry.", nameof(tensors))).Handle;
            return handles;
        }

        private static string Describe(ProcessGroup g, IReadOnlyList<Tensor> tensors) =>
            $"rank {g.Rank} of {g.WorldSize}, {tensors.Count} tensor{(tensors.Count == 1 ? "" : "s")}" +
            (tensors.Count > 0 && !tensors[0].IsDisposed ? $", first {tensors[0].dtype.ToTorchName()}{Shape.Format(tensors[0].shape)}" : "");

        private static void CheckOp(ReduceOp op)
        {
            if (op is < ReduceOp.SUM or > ReduceOp.MAX)
                throw new ArgumentOutOfRangeException(nameof(op), op, "all_reduce: op must be SUM, AVG, PRODUCT, MIN or MAX.");
        }

        private static void CheckBucket(long bytes)
        {
            if (bytes < 1) throw new ArgumentOutOfRangeException("bucket_cap_bytes", bytes, $"bucket_cap_bytes must be positive; received {bytes}.");
        }

        private static string Env(string variable, string argument)
        {
            var value = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrWhiteSpace(value))
                throw new InvalidOperationException(
                    $"init_process_group: the environment variable {variable} is not set. Start the processes with a launcher that sets " +
                    $"MASTER_ADDR, MASTER_PORT, RANK and WORLD_SIZE (./build.sh example NAME --nproc N, torchrun), or pass {argument}: explicitly.");
            return value.Trim();
        }

        private static int EnvInt(string variable, string argument) => ParseInt(variable, Env(variable, argument), argument);

        private static int ParseInt(string variable, string text, string argument) =>
            int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
            : throw new FormatException($"init_process_group: the environment variable {variable} must be an integer; received '{text}'. Fix it or pass {argument}: explicitly.");
    }
}
