
namespace KerasNet.Losses;

/// <summary>A loss whose per-sample value is the mean, over the last axis, of an elementwise function of (y_true, y_pred).</summary>
public abstract class ElementwiseLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    protected ElementwiseLoss(string name, Reduction reduction) : base(name, reduction) { }

    /// <summary>The elementwise function.</summary>
    protected abstract Tensor Elementwise(Tensor yTrue, Tensor yPred);

    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred) => CallMatched(yTrue, yPred, (t, p) =>
    {
        var values = Elementwise(t, p);
        return values.dim() == 0 ? values : values.mean(TensorAxes.Last);
    });
}
