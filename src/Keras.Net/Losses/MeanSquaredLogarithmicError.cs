
namespace KerasNet.Losses;

/// <summary>mean((log(max(y_pred, ε) + 1) - log(max(y_true, ε) + 1))²) over the last axis.</summary>
public sealed class MeanSquaredLogarithmicError : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    public MeanSquaredLogarithmicError(Reduction reduction = Reduction.SumOverBatchSize, string name = "mean_squared_logarithmic_error") : base(name, reduction) { }
    /// <inheritdoc/>
    protected override Tensor Elementwise(Tensor yTrue, Tensor yPred) =>
        ((yPred.clamp(min: Config.Epsilon) + 1.0).log() - (yTrue.clamp(min: Config.Epsilon) + 1.0).log()).square();
}
