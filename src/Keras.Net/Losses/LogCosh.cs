
namespace KerasNet.Losses;

/// <summary>log(cosh(y_pred - y_true)), computed stably.</summary>
public sealed class LogCosh : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    public LogCosh(Reduction reduction = Reduction.SumOverBatchSize, string name = "log_cosh") : base(name, reduction) { }
    /// <inheritdoc/>
    protected override Tensor Elementwise(Tensor yTrue, Tensor yPred)
    {
        var x = yPred - yTrue;
        return x + torch.nn.functional.softplus(x * -2.0) - Math.Log(2.0);
    }
}
