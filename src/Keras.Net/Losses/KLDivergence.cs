
namespace KerasNet.Losses;

/// <summary>sum(y_true·log(y_true / y_pred)) over the last axis, both clipped to [ε, 1].</summary>
public sealed class KLDivergence : Loss
{
    /// <summary>Creates the loss.</summary>
    public KLDivergence(Reduction reduction = Reduction.SumOverBatchSize, string name = "kl_divergence") : base(name, reduction) { }
    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred) => CallMatched(yTrue, yPred, (target, prediction) =>
    {
        var t = target.clamp(Config.Epsilon, 1.0);
        var p = prediction.clamp(Config.Epsilon, 1.0);
        return (t * (t / p).log()).sum(-1);
    });
}
