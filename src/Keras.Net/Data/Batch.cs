
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
