using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

/// <summary>A CPU random number generator with its own seed, as <c>torch.Generator</c>.</summary>
public sealed class Generator : IDisposable
{
    private IntPtr handle;

    /// <summary>Creates a generator seeded with <paramref name="seed"/>.</summary>
    public Generator(long seed = 67280421310721)
    {
        handle = NativeMethods.kn_generator_new(unchecked((ulong)seed));
        if (handle == IntPtr.Zero) throw TorchError.FromNative("Generator");
    }

    /// <summary>Frees the generator if it was not disposed.</summary>
    ~Generator() => Release();

    internal IntPtr Handle => handle != IntPtr.Zero ? handle : throw new ObjectDisposedException(nameof(Generator));

    /// <summary>Re-seeds the generator.</summary>
    public Generator manual_seed(long seed)
    {
        Tensor.Check(NativeMethods.kn_generator_manual_seed(Handle, unchecked((ulong)seed)), "Generator.manual_seed");
        return this;
    }

    /// <summary>The seed the generator was last seeded with.</summary>
    public long initial_seed() => unchecked((long)NativeMethods.kn_generator_initial_seed(Handle));

    /// <summary>The generator's full state as a uint8 tensor (as <c>torch.Generator.get_state</c>).</summary>
    public Tensor get_state() => Tensor.Wrap(NativeMethods.kn_generator_get_state(Handle), "Generator.get_state");

    /// <summary>Restores a state taken by <see cref="get_state"/>; the next random numbers continue from there.</summary>
    public void set_state(Tensor state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Tensor.Check(NativeMethods.kn_generator_set_state(Handle, state.Handle), "Generator.set_state", state);
    }

    /// <summary>Frees the generator.</summary>
    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
        if (h != IntPtr.Zero) NativeMethods.kn_generator_free(h);
    }

    internal static IntPtr HandleOf(Generator? generator) => generator?.Handle ?? IntPtr.Zero;
}
