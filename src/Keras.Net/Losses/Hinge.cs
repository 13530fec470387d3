
namespace KerasNet.Losses;

/// <summary>max(1 - y_true·y_pred, 0) with labels in {-1, 1} (0/1 labels are converted).</summary>
public sealed class Hinge : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    public Hinge(Reduction reduction = Reduction.SumOverBatchSize, string name = "hinge") : base(name, reduction) { }
    /// <inheritdoc/>
    protected override Tensor Elementwise(Tensor yTrue, Tensor yPred) => (1.0 - SignedLabels(yTrue) * yPred).clamp(min: 0.0);

    internal static Tensor SignedLabels(Tensor yTrue)
    {
        // Keras converts {0, 1} labels to {-1, 1}; labels already in {-1, 1} are kept.
        using var isBinary = yTrue.eq(0.0).logical_or(yTrue.eq(1.0)).all();
        return isBinary.item<bool>() ? yTrue * 2.0 - 1.0 : yTrue.alias();
    }
}
