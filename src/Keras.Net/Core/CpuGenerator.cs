namespace KerasNet;

/// <summary>
/// libtorch's global CPU generator state as bytes: read, size-checked and written back in one place. libtorch aborts
/// the process when given a state of another size, so every caller checks <see cref="StateSize"/> first.
/// </summary>
internal static class CpuGenerator
{
    /// <summary>The size in bytes of libtorch's CPU generator state.</summary>
    internal static long StateSize
    {
        get
        {
            using var state = torch.get_rng_state();
            return state.numel();
        }
    }

    /// <summary>The current state.</summary>
    internal static byte[] Read()
    {
        using var state = torch.get_rng_state();
        return state.data<byte>().ToArray();
    }

    /// <summary>Sets the state; <paramref name="state"/> must hold <see cref="StateSize"/> bytes (checked by the caller, who can name its source).</summary>
    internal static void Write(byte[] state)
    {
        using var tensor = torch.tensor(state, dtype: ScalarType.Byte);
        torch.set_rng_state(tensor);
    }
}
