
namespace KerasNet.Losses;

/// <summary>100 × mean(|(y_true - y_pred) / max(|y_true|, ε)|) over the last axis.</summary>
public sealed class MeanAbsolutePercentageError : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    public MeanAbsolutePercentageError(Reduction reduction = Reduction.SumOverBatchSize, string name = "mean_absolute_percentage_error") : base(name, reduction) { }
    /// <inheritdoc/>
    protected override Tensor Elementwise(Tensor yTrue, Tensor yPred) => ((yTrue - yPred) / yTrue.abs().clamp(min: Config.Epsilon)).abs() * 100.0;
}
