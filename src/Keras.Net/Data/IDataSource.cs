
namespace KerasNet.Data;

/// <summary>
/// Anything Fit, Evaluate and Predict can read batches from: in-memory tensors, or a user's streaming source.
/// Batches created by a source are disposed by the trainer's per-batch dispose scope.
/// </summary>
public interface IDataSource
{
    /// <summary>The number of batches per epoch, when known (for the progress bar).</summary>
    int? BatchCount { get; }

    /// <summary>The batches of one epoch (0-based), in the order to use them.</summary>
    IEnumerable<Batch> GetBatches(int epoch);
}
