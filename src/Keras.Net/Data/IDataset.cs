
namespace KerasNet.Data;

/// <summary>
/// A dataset read by index (map-style): <see cref="Count"/> samples, each returned by <see cref="Get"/>. Random
/// augmentation draws only from the <see cref="Random"/> it is given, which the loader seeds from (seed, epoch,
/// index): the samples are then the same whatever the number of workers. <see cref="Get"/> may be called from
/// several threads at once.
/// </summary>
public interface IDataset
{
    /// <summary>The number of samples.</summary>
    int Count { get; }

    /// <summary>The sample at <paramref name="index"/> (0 ≤ index &lt; Count), augmented with draws from <paramref name="random"/>.</summary>
    Sample Get(int index, Random random);
}
