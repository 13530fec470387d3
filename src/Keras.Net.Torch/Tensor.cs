using System.Runtime.CompilerServices;
using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

/// <summary>
/// A libtorch tensor. Disposable: dispose it, or create it inside a <see cref="DisposeScope"/>; the finalizer
/// only catches what was forgotten. Using a disposed tensor throws <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private IntPtr handle;

    // The safety net for a tensor that no dispose scope owns: frees the native tensor if this one is dropped without
    // Dispose. A tensor owned by a scope needs none (the scope frees it, or its own finalizer does; see DisposeScope),
    // so the common case allocates no finalizable object.
    private NativeReleaser? releaser;

    internal Tensor(IntPtr handle)
    {
        this.handle = handle;
        if (!DisposeScope.TryRegister(this)) releaser = new NativeReleaser(handle);
    }

    internal DisposeScope? OwnerScope { get; set; }

    /// <summary>This tensor's position in its owner scope's list.</summary>
    internal int ScopeSlot { get; set; }

    /// <summary>True once the tensor has been disposed.</summary>
    public bool IsDisposed => handle == IntPtr.Zero;

    internal IntPtr Handle
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            var h = handle;
            if (h == IntPtr.Zero) ThrowDisposed();
            return h;
        }
    }

    private static void ThrowDisposed() => throw new ObjectDisposedException(nameof(Tensor),
        "This tensor has been disposed (directly or by the DisposeScope that created it) and can no longer be used. " +
        "To keep a result beyond its scope, call MoveToOuterDisposeScope() or DetachFromDisposeScope() on it.");

    /// <summary>Frees the native tensor now. Safe to call more than once.</summary>
    public void Dispose()
    {
        OwnerScope?.Unlink(this);
        Release();
    }

    /// <summary>Frees the native tensor (once, whichever thread gets here first).</summary>
    internal void Release()
    {
        var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
        if (h == IntPtr.Zero) return;
        releaser?.Disarm();
        NativeMethods.kn_tensor_release(h);
    }

    /// <summary>Called when no scope owns this tensor any more: from now on the finalizer safety net covers it.</summary>
    internal void ArmReleaser()
    {
        var h = handle;
        if (h != IntPtr.Zero && releaser is null) releaser = new NativeReleaser(h);
    }

    /// <summary>Moves this tensor from its dispose scope to the enclosing one (or to none), so it outlives the scope.</summary>
    public Tensor MoveToOuterDisposeScope()
    {
        OwnerScope?.MoveToOuter(this);
        return this;
    }

    /// <summary>Removes this tensor from every dispose scope: the caller now owns it.</summary>
    public Tensor DetachFromDisposeScope()
    {
        var scope = OwnerScope;
        if (scope is not null)
        {
            scope.Unlink(this);
            ArmReleaser();
        }
        return this;
    }

    /// <summary>Frees a native tensor whose managed owner was dropped without Dispose (the finalizer safety net).</summary>
    private sealed class NativeReleaser(IntPtr handle)
    {
        private IntPtr handle = handle;

        ~NativeReleaser()
        {
            var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
            if (h != IntPtr.Zero) NativeMethods.kn_tensor_release(h);
        }

        // Only reached through the live Tensor that references this object, so never concurrently with the finalizer.
        internal void Disarm()
        {
            handle = IntPtr.Zero;
            GC.SuppressFinalize(this);
        }
    }

    // ---- wrapping native results: these keep the inputs alive across the native call ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Tensor Wrap(IntPtr result, string op) =>
        result != IntPtr.Zero ? new Tensor(result) : throw TorchError.FromNative(op);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Tensor Wrap(IntPtr result, string op, Tensor a) =>
        result != IntPtr.Zero ? new Tensor(result) : throw TorchError.FromNative(op, a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Tensor Wrap(IntPtr result, string op, Tensor a, Tensor? b) =>
        result != IntPtr.Zero ? new Tensor(result) : throw TorchError.FromNative(op, a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Tensor Wrap(IntPtr result, string op, Tensor a, Tensor? b, Tensor? c) =>
        result != IntPtr.Zero ? new Tensor(result) : throw TorchError.FromNative(op, a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Check(int status, string op, Tensor? a = null, Tensor? b = null, Tensor? c = null)
    {
        if (status != 0) throw TorchError.FromNative(op, a, b, c);
    }

    internal static IntPtr HandleOrZero(Tensor? t) => t is null ? IntPtr.Zero : t.Handle;
}
