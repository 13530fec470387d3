namespace KerasNet.Losses;

/// <summary>
/// max(neg − pos + 1, 0) per sample, where pos = Σ y_true·y_pred and neg = max((1 − y_true)·y_pred) over the last
/// axis: the margin by which the true class's score beats the best other class. Targets are one-hot (or in {-1, 1}).
/// </summary>
public sealed class CategoricalHinge : Loss
{
    /// <summary>Creates the loss.</summary>
    public CategoricalHinge(Reduction reduction = Reduction.SumOverBatchSize, string name = "categorical_hinge") : base(name, reduction) { }

    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred) => CallMatched(yTrue, yPred, Values);

    internal static Tensor Values(Tensor yTrue, Tensor yPred)
    {
        var pos = (yTrue * yPred).sum(-1);
        var neg = ((1.0 - yTrue) * yPred).amax(new long[] { -1 });
        return (neg - pos + 1.0).clamp(min: 0.0);
    }
}
