
namespace KerasNet.Losses;

/// <summary>Cross-entropy for two classes: targets 0/1, predictions probabilities (or logits with <c>fromLogits</c>).</summary>
public sealed class BinaryCrossentropy : LabelSmoothingCrossentropy
{
    /// <summary>Creates the loss.</summary>
    public BinaryCrossentropy(bool fromLogits = false, double labelSmoothing = 0.0, Reduction reduction = Reduction.SumOverBatchSize, string name = "binary_crossentropy")
        : base(fromLogits, labelSmoothing, reduction, name) { }

    private protected override long SmoothingClasses(Tensor yPred) => 2;

    private protected override Tensor CrossEntropy(Tensor target, Tensor yPred)
    {
        Tensor elementwise;
        if (FromLogits)
            elementwise = F.binary_cross_entropy_with_logits(yPred, target, reduction: torch.nn.Reduction.None);
        else
        {
            var eps = Config.Epsilon;
            var p = yPred.clamp(eps, 1 - eps);
            elementwise = -(target * p.log() + (1 - target) * (1 - p).log());
        }
        return elementwise.mean(TensorAxes.Last);
    }
}
