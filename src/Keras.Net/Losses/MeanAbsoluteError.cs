
namespace KerasNet.Losses;

/// <summary>mean(|y_pred - y_true|) over the last axis.</summary>
public sealed class MeanAbsoluteError : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    public MeanAbsoluteError(Reduction reduction = Reduction.SumOverBatchSize, string name = "mean_absolute_error") : base(name, reduction) { }
    /// <inheritdoc/>
    protected override Tensor Elementwise(Tensor yTrue, Tensor yPred) => (yPred - yTrue).abs();
}
