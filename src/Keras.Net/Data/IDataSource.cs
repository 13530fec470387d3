
namespace KerasNet.Data;

/// <summary>One batch: inputs, targets (none for prediction) and optional per-sample weights.</summary>
/// <param name="X">The model inputs (one tensor per model input).</param>
/// <param name="Y">The targets (one per model output); empty for prediction.</param>
/// <param name="SampleWeight">Per-sample weights of shape (batch,), if any.</param>
public sealed record Batch(IReadOnlyList<Tensor> X, IReadOnlyList<Tensor> Y, Tensor? SampleWeight = null)
{
    /// <summary>The number of samples.</summary>
    public long Size => X[0].size(0);
}

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
