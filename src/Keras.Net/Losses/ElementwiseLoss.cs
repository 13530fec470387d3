
namespace KerasNet.Losses;

/// <summary>A loss whose per-sample value is the mean, over the last axis, of an elementwise function of (y_true, y_pred).</summary>
public abstract class ElementwiseLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    protected ElementwiseLoss(string name, Reduction reduction) : base(name, reduction) { }

    /// <summary>The elementwise function.</summary>
    protected abstract Tensor Elementwise(Tensor yTrue, Tensor yPred);

    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        using var scope = torch.NewDisposeScope();
        (yTrue, yPred) = MatchRank(yTrue, yPred);
        CheckSameShape(yTrue, yPred);
        var values = Elementwise(AsFloat(yTrue, yPred), yPred);
        return (values.dim() == 0 ? values : values.mean(TensorAxes.Last)).MoveToOuterDisposeScope();
    }
}
