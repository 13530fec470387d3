
namespace KerasNet.Losses;

/// <summary>Cross-entropy with one-hot (or probability) targets over the last axis.</summary>
public sealed class CategoricalCrossentropy : LabelSmoothingCrossentropy
{
    /// <summary>Creates the loss.</summary>
    public CategoricalCrossentropy(bool fromLogits = false, double labelSmoothing = 0.0, Reduction reduction = Reduction.SumOverBatchSize, string name = "categorical_crossentropy")
        : base(fromLogits, labelSmoothing, reduction, name) { }

    private protected override long SmoothingClasses(Tensor yPred) => yPred.size(-1);

    private protected override Tensor CrossEntropy(Tensor target, Tensor yPred) => -(target * LogProbabilities(yPred, FromLogits)).sum(-1);

    /// <summary>Log-probabilities over the last axis: log_softmax of logits, or the log of renormalized, clipped probabilities (Keras's way).</summary>
    internal static Tensor LogProbabilities(Tensor yPred, bool fromLogits)
    {
        if (fromLogits) return F.log_softmax(yPred, -1);
        using var scope = torch.NewDisposeScope();
        var normalized = yPred / yPred.sum(-1, keepdim: true);
        return normalized.clamp(Config.Epsilon, 1 - Config.Epsilon).log().MoveToOuterDisposeScope();
    }
}
