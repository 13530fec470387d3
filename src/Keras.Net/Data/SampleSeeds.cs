namespace KerasNet.Data;

/// <summary>
/// Seeds derived from (seed, epoch, index) by SplitMix64 mixing, so that each sample's random augmentation and each
/// epoch's order depend only on those three numbers, not on which worker thread does the work or when.
/// </summary>
/// <remarks>
/// The shuffling rule of every in-memory source (<see cref="DataLoader"/>, <see cref="TensorBatchSource"/>): the order
/// of an epoch is <see cref="Order"/> of (seed, epoch). A source given no seed takes one from libtorch's global
/// generator (<see cref="FromTorchGenerator"/>), so that <c>torch.manual_seed</c> reproduces it.
/// </remarks>
public static class SampleSeeds
{
    /// <summary>The index used to derive an epoch's shuffling order.</summary>
    public const long OrderIndex = -1;

    /// <summary>A 64-bit seed mixed from the three values.</summary>
    public static ulong Derive(long seed, long epoch, long index)
    {
        var z = Mix((ulong)seed);
        z = Mix(z ^ (ulong)epoch);
        return Mix(z ^ (ulong)index);
    }

    /// <summary>A generator for the sample at <paramref name="index"/> in <paramref name="epoch"/>.</summary>
    public static Random For(long seed, long epoch, long index) => new((int)(Derive(seed, epoch, index) & 0x7FFFFFFF));

    /// <summary>
    /// A seed drawn from libtorch's global CPU generator (one draw): reproduced by <c>torch.manual_seed</c>, and
    /// replayed by <see cref="Callbacks.BackupAndRestore"/>, which saves that generator's state.
    /// </summary>
    public static long FromTorchGenerator()
    {
        using var draw = torch.randint(long.MaxValue, new long[] { 1 }, dtype: ScalarType.Int64);
        return draw.item<long>();
    }

    /// <summary>The sample order of an epoch: 0..count-1, shuffled (Fisher–Yates) when <paramref name="shuffle"/>.</summary>
    public static int[] Order(int count, bool shuffle, long seed, long epoch)
    {
        var order = new int[count];
        for (var i = 0; i < count; i++) order[i] = i;
        if (!shuffle) return order;
        var random = For(seed, epoch, OrderIndex);
        for (var i = count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
