
namespace KerasNet.Data;

/// <summary>
/// A dataset read in order (iterable-style), e.g. records streamed from disk. A loader batches it as it comes; it
/// cannot be shuffled by index.
/// </summary>
public interface IStreamingDataset
{
    /// <summary>The number of samples, when known (for the progress bar); null otherwise.</summary>
    int? Count { get; }

    /// <summary>
    /// The samples of one pass. <paramref name="randomFor"/> gives the generator for the sample at each position of
    /// the pass, seeded from (seed, epoch, position).
    /// </summary>
    IEnumerable<Sample> Read(Func<int, Random> randomFor);
}
