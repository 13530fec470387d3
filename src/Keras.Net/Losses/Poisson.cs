
namespace KerasNet.Losses;

/// <summary>y_pred - y_true·log(y_pred + ε), for count data.</summary>
public sealed class Poisson : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    public Poisson(Reduction reduction = Reduction.SumOverBatchSize, string name = "poisson") : base(name, reduction) { }
    /// <inheritdoc/>
    protected override Tensor Elementwise(Tensor yTrue, Tensor yPred) => yPred - yTrue * (yPred + Config.Epsilon).log();
}
