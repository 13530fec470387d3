
namespace KerasNet.Losses;

/// <summary>max(1 - y_true·y_pred, 0)² with labels in {-1, 1} (0/1 labels are converted).</summary>
public sealed class SquaredHinge : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    public SquaredHinge(Reduction reduction = Reduction.SumOverBatchSize, string name = "squared_hinge") : base(name, reduction) { }
    /// <inheritdoc/>
    protected override Tensor Elementwise(Tensor yTrue, Tensor yPred) => (1.0 - Hinge.SignedLabels(yTrue) * yPred).clamp(min: 0.0).square();
}
