using System.Text;
using KerasNet.Torch.Distributed;
using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

#pragma warning disable IDE1006 // lower-case names follow PyTorch on purpose
public static partial class torch
{
    public static partial class distributed
    {
        /// <summary>
        /// libtorch's TCP key-value store, the rendezvous of a process group: the master (rank 0) listens on
        /// <c>host:port</c>, the other ranks connect to it. Keys are strings, values bytes.
        /// </summary>
        public sealed unsafe class TCPStore : IDisposable
        {
            private IntPtr handle;

            /// <summary>
            /// Starts (master) or joins (worker) a store. The master waits until <paramref name="world_size"/> processes
            /// (itself included) have connected when <paramref name="wait_for_workers"/> is set; a worker retries its
            /// connection until <paramref name="timeout"/>. Either raises <see cref="DistributedTimeoutException"/>
            /// when the others do not arrive in time.
            /// </summary>
            /// <param name="host_name">The master's address (a name or an IP).</param>
            /// <param name="port">The master's port; 0 on the master picks a free one (read it from <see cref="port"/>).</param>
            /// <param name="world_size">The number of processes that will connect.</param>
            /// <param name="is_master">True on the one process that hosts the store.</param>
            /// <param name="timeout">How long to wait for connections and keys (default 5 minutes, as PyTorch's).</param>
            /// <param name="wait_for_workers">On the master, wait for every worker before returning.</param>
            public TCPStore(string host_name, int port, int world_size = 1, bool is_master = false, TimeSpan? timeout = null,
                            bool wait_for_workers = true)
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(host_name);
                if (port is < 0 or > 65535)
                    throw new ArgumentOutOfRangeException(nameof(port), port, $"TCPStore: port must be in [0, 65535]; received {port}.");
                if (world_size < 1)
                    throw new ArgumentOutOfRangeException(nameof(world_size), world_size, $"TCPStore: world_size must be at least 1; received {world_size}.");
                Timeout = timeout ?? TimeSpan.FromMinutes(5);
                CheckTimeout(Timeout, nameof(timeout), "TCPStore");
                handle = NativeMethods.kn_dist_tcpstore_create(host_name, port, world_size, is_master ? 1 : 0,
                    (long)Timeout.TotalMilliseconds, wait_for_workers ? 1 : 0);
                if (handle == IntPtr.Zero)
                    throw DistributedError.FromNative("TCPStore", $"{(is_master ? "master" : "worker")} at {host_name}:{port}, world_size {world_size}");
                HostName = host_name;
                port = NativeMethods.kn_dist_store_port(handle);
                this.port = port;
                IsMaster = is_master;
            }

            /// <summary>The master's address.</summary>
            public string HostName { get; }

            /// <summary>The port the store listens on (the one picked when 0 was given).</summary>
            public int port { get; }

            /// <summary>True on the process that hosts the store.</summary>
            public bool IsMaster { get; }

            /// <summary>How long gets and waits wait for a key.</summary>
            public TimeSpan Timeout { get; }

            internal IntPtr Handle => handle != IntPtr.Zero ? handle
                : throw new ObjectDisposedException(nameof(TCPStore), "This TCPStore was disposed; create a new one.");

            /// <summary>Sets <paramref name="key"/> to <paramref name="value"/> (bytes).</summary>
            public void set(string key, byte[] value)
            {
                ArgumentException.ThrowIfNullOrEmpty(key);
                ArgumentNullException.ThrowIfNull(value);
                int status;
                fixed (byte* p = value) status = NativeMethods.kn_dist_store_set(Handle, key, p, value.Length);
                if (status != 0) throw DistributedError.FromNative("TCPStore.set", $"key '{key}'");
            }

            /// <summary>Sets <paramref name="key"/> to a UTF-8 string.</summary>
            public void set(string key, string value) => set(key, Encoding.UTF8.GetBytes(value ?? throw new ArgumentNullException(nameof(value))));

            /// <summary>The value of <paramref name="key"/>, waiting up to <see cref="Timeout"/> for it to be set.</summary>
            public byte[] get(string key)
            {
                ArgumentException.ThrowIfNullOrEmpty(key);
                var buffer = new byte[256];
                while (true)
                {
                    long length;
                    fixed (byte* p = buffer) length = NativeMethods.kn_dist_store_get(Handle, key, p, buffer.Length);
                    if (length < 0) throw DistributedError.FromNative("TCPStore.get", $"key '{key}'");
                    if (length <= buffer.Length) return buffer.AsSpan(0, (int)length).ToArray();
                    buffer = new byte[length];
                }
            }

            /// <summary>The value of <paramref name="key"/> decoded as UTF-8.</summary>
            public string get_string(string key) => Encoding.UTF8.GetString(get(key));

            /// <summary>Adds <paramref name="amount"/> to the counter <paramref name="key"/> (created at 0); returns the new value.</summary>
            public long add(string key, long amount)
            {
                ArgumentException.ThrowIfNullOrEmpty(key);
                var value = NativeMethods.kn_dist_store_add(Handle, key, amount);
                if (value == long.MinValue) throw DistributedError.FromNative("TCPStore.add", $"key '{key}'");
                return value;
            }

            /// <summary>Waits until <paramref name="key"/> is set, at most <paramref name="timeout"/> (default: the store's).</summary>
            public void wait(string key, TimeSpan? timeout = null)
            {
                ArgumentException.ThrowIfNullOrEmpty(key);
                var t = timeout ?? Timeout;
                CheckTimeout(t, nameof(timeout), "TCPStore.wait");
                if (NativeMethods.kn_dist_store_wait(Handle, key, (long)t.TotalMilliseconds) != 0)
                    throw DistributedError.FromNative("TCPStore.wait", $"key '{key}'");
            }

            /// <summary>Closes this process's end of the store (the master stops serving it).</summary>
            public void Dispose()
            {
                var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
                if (h != IntPtr.Zero) NativeMethods.kn_dist_store_free(h);
                GC.SuppressFinalize(this);
            }

            /// <summary>Frees the native store if the object was dropped undisposed.</summary>
            ~TCPStore()
            {
                var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
                if (h != IntPtr.Zero) NativeMethods.kn_dist_store_free(h);
            }
        }

        internal static void CheckTimeout(TimeSpan timeout, string name, string op)
        {
            if (timeout <= TimeSpan.Zero || timeout.TotalMilliseconds >= long.MaxValue / 2)
                throw new ArgumentOutOfRangeException(name, timeout, $"{op}: the timeout must be positive and finite; received {timeout}.");
        }
    }
}
