
namespace KerasNet.Data;

/// <summary>
/// One sample of a dataset: its inputs (one tensor per model input, without a batch axis) and its targets (one per
/// model output; none for prediction). A loader stacks the samples of a batch position by position.
/// </summary>
/// <param name="X">The inputs.</param>
/// <param name="Y">The targets (may be empty).</param>
public sealed record Sample(IReadOnlyList<Tensor> X, IReadOnlyList<Tensor> Y)
{
    /// <summary>A sample with one input and one target (or none).</summary>
    public Sample(Tensor x, Tensor? y = null) : this(new[] { x }, y is null ? Array.Empty<Tensor>() : new[] { y }) { }
}
