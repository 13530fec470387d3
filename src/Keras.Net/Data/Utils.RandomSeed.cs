namespace KerasNet;

public static partial class Utils
{
    private static readonly object SeedGate = new();
    private static Random? seededDraws;
    private static int? randomSeed;

    /// <summary>
    /// Keras's <c>set_random_seed</c>: seeds every generator Keras.Net draws from, so that a script gives the same
    /// results on every run: libtorch's global CPU generator (<c>torch.manual_seed</c>: weight initializers, dropout,
    /// random layers, the shuffling of <see cref="Data.DataLoader"/>, <see cref="Data.TensorBatchSource"/> and
    /// <see cref="TimeseriesDatasetFromArray"/> without a seed), the CUDA generators when CUDA is available, and the
    /// draws that pick a seed for <c>ImageDatasetFromDirectory</c> and <c>TextDatasetFromDirectory</c> when none is given
    /// (Keras's <c>np.random</c>). <see cref="GetRandomSeed"/> returns it afterwards.
    /// </summary>
    /// <param name="seed">The seed, 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">The seed is negative.</exception>
    public static void SetRandomSeed(int seed)
    {
        if (seed < 0) throw new ArgumentOutOfRangeException(nameof(seed), seed, "SetRandomSeed: the seed must be 0 or more.");
        lock (SeedGate)
        {
            randomSeed = seed;
            seededDraws = new Random(seed);
        }
        torch.manual_seed(seed);
        if (torch.cuda.is_available()) torch.cuda.manual_seed_all(seed);
    }

    /// <summary>Keras's <c>get_random_seed</c>: the seed given to <see cref="SetRandomSeed"/>, or null when none was.</summary>
    public static int? GetRandomSeed()
    {
        lock (SeedGate) return randomSeed;
    }

    /// <summary>A seed in [0, 1,000,000) for a data utility given none (Keras's <c>np.random.randint(1e6)</c>): reproducible after <see cref="SetRandomSeed"/>.</summary>
    internal static int DrawSeed()
    {
        lock (SeedGate) return seededDraws?.Next(1_000_000) ?? Random.Shared.Next(1_000_000);
    }
}
