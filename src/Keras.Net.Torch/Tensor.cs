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

    internal Tensor(IntPtr handle)
    {
        this.handle = handle;
        DisposeScope.Register(this);
    }

    /// <summary>Releases the native tensor if it was never disposed.</summary>
    ~Tensor() => Release();

    internal DisposeScope? OwnerScope { get; set; }

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
        OwnerScope?.Forget(this);
        Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
        if (h != IntPtr.Zero) NativeMethods.kn_tensor_free(h);
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
        OwnerScope?.Forget(this);
        return this;
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
