
namespace KerasNet.Data;

/// <summary>
/// A dataset that builds a whole batch at once (e.g. decoding images straight into the batch buffer), which the
/// loader uses instead of getting the samples one by one and stacking them.
/// </summary>
public interface IBatchDataset : IDataset
{
    /// <summary>The batch of the samples at <paramref name="indices"/>, sample i augmented with draws from <paramref name="randoms"/>[i].</summary>
    Batch GetBatch(IReadOnlyList<int> indices, IReadOnlyList<Random> randoms);
}
