using System.Runtime.InteropServices;
using KerasNet.Torch.Interop;
using static KerasNet.Torch.torch.distributed;

namespace KerasNet.Torch.Distributed;

/// <summary>
/// Averages the gradients of a set of parameters across a process group <em>during</em> backward: libtorch's
/// DistributedDataParallel engine (<c>c10d::Reducer</c>). Hooks on the parameters' gradient accumulators copy each
/// gradient into a bucket as soon as autograd produces it and launch the bucket's asynchronous all-reduce when the
/// bucket is complete, so communication overlaps with the rest of backward; at the end of backward the averages are
/// written into the parameters' <c>grad</c>.
/// </summary>
/// <remarks>
/// <para>Only a backward armed with <see cref="PrepareForBackward"/> (or run through <see cref="Backward"/>)
/// synchronises; any other backward accumulates gradients locally, as DDP's <c>no_sync</c>, which is how gradient
/// accumulation avoids communication on the steps that do not update.</para>
/// <para>Buckets as DistributedDataParallel: without <see cref="FindUnusedParameters"/>, the first synchronised backward
/// uses a single bucket and the buckets are then rebuilt once (a collective, agreed with rank 0) in the order the
/// gradients became ready, the first at most 1 MiB and the others at most the bucket cap. Every parameter must then
/// receive a gradient in every synchronised backward; check <see cref="LastBackwardReduced"/> afterwards, or create the
/// reducer with <see cref="FindUnusedParameters"/> (the graph is searched from the loss before each backward, and
/// parameters it does not reach keep their <c>grad</c> untouched).</para>
/// <para>Every rank must create its reducer over the same parameters (shapes and order) with the same settings and
/// call the same backward passes. A peer that dies or stalls during backward surfaces as
/// <see cref="DistributedPeerLostException"/> or <see cref="DistributedTimeoutException"/> (after the group's timeout).</para>
/// </remarks>
public sealed class GradientReducer : IDisposable
{
    /// <summary>The cap of the first bucket (the last parameters' gradients): 1 MiB, as DistributedDataParallel's.</summary>
    public const long DefaultFirstBucketBytes = 1024 * 1024;

    private IntPtr handle;
    private readonly Tensor[] parameters;

    /// <summary>Creates the reducer and registers its hooks.</summary>
    /// <param name="parameters">Leaf tensors that require grad, in model order (frozen weights must be left out).</param>
    /// <param name="group">The process group whose ranks average their gradients.</param>
    /// <param name="bucketCapBytes">The cap of every bucket but the first (default 25 MiB, as DistributedDataParallel's).</param>
    /// <param name="findUnusedParameters">Whether some parameters may receive no gradient in a backward.</param>
    /// <param name="firstBucketBytes">The cap of the first bucket (default 1 MiB).</param>
    /// <exception cref="NotSupportedException">The native shim cannot run the Reducer with this libtorch (see <see cref="IsAvailable"/>).</exception>
    public unsafe GradientReducer(IReadOnlyList<Tensor> parameters, ProcessGroup group, long bucketCapBytes = DefaultBucketCapBytes,
                                  bool findUnusedParameters = false, long firstBucketBytes = DefaultFirstBucketBytes)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(group);
        if (parameters.Count == 0)
            throw new ArgumentException("GradientReducer: no parameters were given; pass the trainable tensors whose gradients to average.", nameof(parameters));
        if (bucketCapBytes < 1)
            throw new ArgumentOutOfRangeException(nameof(bucketCapBytes), bucketCapBytes, $"GradientReducer: bucketCapBytes must be positive; received {bucketCapBytes}.");
        if (firstBucketBytes < 1)
            throw new ArgumentOutOfRangeException(nameof(firstBucketBytes), firstBucketBytes, $"GradientReducer: firstBucketBytes must be positive; received {firstBucketBytes}.");
        if (!IsAvailable)
            throw new NotSupportedException(
                "GradientReducer: the native shim cannot run libtorch's DDP Reducer with this libtorch (it needs c10d and the Reducer API of " +
                "libtorch 1.13); average the gradients after backward with all_reduce_coalesced instead.");
        this.parameters = new Tensor[parameters.Count];
        for (var i = 0; i < this.parameters.Length; i++)
        {
            var p = parameters[i] ?? throw new ArgumentException($"GradientReducer: parameters[{i}] is null.", nameof(parameters));
            if (!p.requires_grad || !p.is_leaf)
                throw new ArgumentException(
                    $"GradientReducer: parameters[{i}] ({p.dtype.ToTorchName()}{Shape.Format(p.shape)}) is not a leaf tensor that requires grad; " +
                    "pass only trainable weights (leave frozen ones out).", nameof(parameters));
            this.parameters[i] = p;
        }
        var handles = this.parameters.Select(p => p.Handle).ToArray();
        fixed (IntPtr* h = handles)
            handle = NativeMethods.kn_dist_reducer_create(group.Handle, h, handles.Length, bucketCapBytes, firstBucketBytes, findUnusedParameters ? 1 : 0);
        GC.KeepAlive(this.parameters);
        if (handle == IntPtr.Zero)
            throw DistributedError.FromNative("GradientReducer", $"rank {group.Rank} of {group.WorldSize}, {handles.Length} parameters");
        Group = group;
        FindUnusedParameters = findUnusedParameters;
        BucketCapBytes = bucketCapBytes;
    }

    /// <summary>True when the native shim can create a reducer (c10d built in, and the Reducer API of libtorch 1.13).</summary>
    public static bool IsAvailable => is_available() && NativeMethods.kn_dist_reducer_available() == 1;

    /// <summary>The parameters whose gradients this reducer averages, in the order given.</summary>
    public IReadOnlyList<Tensor> Parameters => parameters;

    /// <summary>The process group.</summary>
    public ProcessGroup Group { get; }

    /// <summary>Whether parameters unreached by the loss's graph are expected (and left untouched).</summary>
    public bool FindUnusedParameters { get; }

    /// <summary>The bucket cap in bytes.</summary>
    public long BucketCapBytes { get; }

    /// <summary>
    /// Arms the next backward to average the gradients across the group (DDP's <c>prepare_for_backward</c>); rebuilds
    /// the buckets first when due, which is a collective: every rank calls this at the same steps.
    /// </summary>
    /// <param name="outputs">What backward starts from (the loss); searched for unused parameters when <see cref="FindUnusedParameters"/>.</param>
    public unsafe void PrepareForBackward(params Tensor[] outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var h = Handle;
        var handles = new IntPtr[outputs.Length];
        for (var i = 0; i < handles.Length; i++)
            handles[i] = (outputs[i] ?? throw new ArgumentException($"PrepareForBackward: outputs[{i}] is null.", nameof(outputs))).Handle;
        int status;
        fixed (IntPtr* p = handles)
            status = NativeMethods.kn_dist_reducer_prepare(h, p, handles.Length);
        GC.KeepAlive(outputs);
        if (status != 0) throw DistributedError.FromNative("GradientReducer.PrepareForBackward", Describe());
    }

    /// <summary>
    /// <see cref="PrepareForBackward"/> then <c>loss.backward()</c>: the gradients are averaged across the group, their
    /// all-reduce overlapping with backward. A failure of the all-reduce raises a <see cref="DistributedException"/>.
    /// </summary>
    public void Backward(Tensor loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (loss.numel() != 1)
            throw new TorchShapeException($"GradientReducer.Backward: the loss must have one element; received shape {Shape.Format(loss.shape)}.", "backward");
        PrepareForBackward(loss);
        var status = NativeMethods.kn_backward(loss.Handle, IntPtr.Zero, -1, 0);
        GC.KeepAlive(loss);
        if (status == 0) return;
        // Errors of the bucket all-reduces surface from backward's final callback as autograd errors.
        var native = (Marshal.PtrToStringUTF8(NativeMethods.kn_last_error()) ?? "unknown error").Trim();
        var classified = DistributedError.Classify("all_reduce", native, Describe() + ", overlapped with backward");
        if (classified is DistributedTimeoutException or DistributedPeerLostException || native.Contains("Reducer", StringComparison.Ordinal) ||
            native.Contains("DDP", StringComparison.Ordinal) || native.Contains("gloo", StringComparison.OrdinalIgnoreCase))
        {
            NativeMethods.kn_clear_error();
            throw classified;
        }
        throw TorchError.FromNative("backward", loss);
    }

    /// <summary>
    /// True when the last prepared backward averaged every bucket and wrote the results into the gradients (also true
    /// before any). False when some parameter got no gradient without <see cref="FindUnusedParameters"/>: the gradients
    /// are then partly unreduced and this reducer cannot be used again (dispose it).
    /// </summary>
    public bool LastBackwardReduced
    {
        get
        {
            var state = NativeMethods.kn_dist_reducer_finished(Handle);
            if (state < 0) throw DistributedError.FromNative("GradientReducer.LastBackwardReduced", Describe());
            return state == 1;
        }
    }

    /// <summary>
    /// Which of <paramref name="parameters"/> the autograd graph of <paramref name="outputs"/> reaches, i.e. which would
    /// receive a gradient from their backward (decides whether a reducer needs <see cref="FindUnusedParameters"/>).
    /// </summary>
    public static unsafe bool[] ReachedParameters(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> outputs)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(outputs);
        var ps = parameters.Select((t, i) => (t ?? throw new ArgumentException($"ReachedParameters: parameters[{i}] is null.", nameof(parameters))).Handle).ToArray();
        var os = outputs.Select((t, i) => (t ?? throw new ArgumentException($"ReachedParameters: outputs[{i}] is null.", nameof(outputs))).Handle).ToArray();
        var reached = new int[ps.Length];
        int status;
        fixed (IntPtr* p = ps)
        fixed (IntPtr* o = os)
        fixed (int* r = reached)
            status = NativeMethods.kn_dist_reached_parameters(p, ps.Length, o, os.Length, r);
        GC.KeepAlive(parameters);
        GC.KeepAlive(outputs);
        if (status != 0) throw TorchError.FromNative("ReachedParameters");
        return reached.Select(v => v != 0).ToArray();
    }

    /// <summary>Removes the hooks and frees the buckets.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the native reducer when the owner forgot to dispose it.</summary>
    ~GradientReducer() => Free();

    private void Free()
    {
        var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
        if (h != IntPtr.Zero) NativeMethods.kn_dist_reducer_free(h);
    }

    private IntPtr Handle => handle != IntPtr.Zero ? handle
        : throw new ObjectDisposedException(nameof(GradientReducer), "This gradient reducer was disposed; create a new one.");

    private string Describe() => $"rank {Group.Rank} of {Group.WorldSize}, {parameters.Length} parameters{(FindUnusedParameters ? ", find_unused_parameters" : "")}";
}
