
namespace KerasNet.Losses;

/// <summary>mean((y_pred - y_true)²) over the last axis.</summary>
public sealed class MeanSquaredError : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    public MeanSquaredError(Reduction reduction = Reduction.SumOverBatchSize, string name = "mean_squared_error") : base(name, reduction) { }
    /// <inheritdoc/>
    protected override Tensor Elementwise(Tensor yTrue, Tensor yPred) => (yPred - yTrue).square();
}
