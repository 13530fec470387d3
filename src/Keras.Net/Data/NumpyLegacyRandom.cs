namespace KerasNet.Data;

/// <summary>
/// The permutations of NumPy's legacy <c>np.random.RandomState(seed).shuffle</c> (Mersenne Twister MT19937 seeded
/// with <c>init_genrand</c>, Fisher-Yates from the end with masked rejection sampling), so that Keras.Net splits and
/// shuffles data sets exactly as Keras does for the same seed (<c>imdb.load_data</c>'s seed 113, the validation split
/// of <c>text_dataset_from_directory</c>).
/// </summary>
internal sealed class NumpyLegacyRandom
{
    private const int N = 624, M = 397;
    private readonly uint[] state = new uint[N];
    private int position;

    /// <summary>Seeds as <c>np.random.RandomState(seed)</c> with an integer seed in [0, 2^32).</summary>
    internal NumpyLegacyRandom(long seed)
    {
        if (seed is < 0 or > uint.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(seed), seed, "NumPy's RandomState seed must be between 0 and 2**32 - 1.");
        state[0] = (uint)seed;
        for (var i = 1; i < N; i++) state[i] = 1812433253u * (state[i - 1] ^ (state[i - 1] >> 30)) + (uint)i;
        position = N;
    }

    /// <summary>The next 32-bit output.</summary>
    internal uint NextUInt32()
    {
        if (position >= N) Generate();
        var y = state[position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    private void Generate()
    {
        for (var i = 0; i < N; i++)
        {
            var y = (state[i] & 0x80000000u) | (state[(i + 1) % N] & 0x7fffffffu);
            state[i] = state[(i + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0u);
        }
        position = 0;
    }

    /// <summary>A uniform integer in [0, max] (NumPy's <c>random_interval</c>; max below 2^32).</summary>
    internal uint Interval(uint max)
    {
        if (max == 0) return 0;
        var mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > max) { }
        return value;
    }

    /// <summary>Shuffles <paramref name="items"/> in place exactly as <c>RandomState.shuffle</c> does.</summary>
    internal void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i >= 1; i--)
        {
            var j = (int)Interval((uint)i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>The permutation <c>RandomState(seed).shuffle(np.arange(count))</c> leaves.</summary>
    internal static int[] Permutation(long seed, int count)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new NumpyLegacyRandom(seed).Shuffle(order);
        return order;
    }
}
