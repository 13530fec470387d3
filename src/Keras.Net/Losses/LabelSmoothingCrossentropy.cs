
namespace KerasNet.Losses;

/// <summary>
/// Cross-entropy against probability targets (0/1 or one-hot), which <see cref="LabelSmoothing"/> can soften: the
/// base of <see cref="BinaryCrossentropy"/> and <see cref="CategoricalCrossentropy"/>.
/// </summary>
public abstract class LabelSmoothingCrossentropy : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">True when predictions are logits rather than probabilities.</param>
    /// <param name="labelSmoothing">In [0, 1]: how far targets move towards the uniform distribution.</param>
    /// <param name="reduction">How per-sample values are reduced.</param>
    /// <param name="name">The loss name.</param>
    private protected LabelSmoothingCrossentropy(bool fromLogits, double labelSmoothing, Reduction reduction, string name) : base(name, reduction)
    {
        if (labelSmoothing is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "labelSmoothing must be in [0, 1].");
        FromLogits = fromLogits;
        LabelSmoothing = labelSmoothing;
    }

    /// <summary>True when predictions are logits rather than probabilities.</summary>
    public bool FromLogits { get; }

    /// <summary>Targets t become t × (1 − s) + s / classes (two classes for binary cross-entropy).</summary>
    public double LabelSmoothing { get; }

    /// <inheritdoc/>
    public sealed override Tensor Call(Tensor yTrue, Tensor yPred) => CallMatched(yTrue, yPred, (target, prediction) =>
    {
        if (LabelSmoothing > 0) target = target * (1 - LabelSmoothing) + LabelSmoothing / SmoothingClasses(prediction);
        return CrossEntropy(target, prediction);
    });

    /// <summary>The number of classes label smoothing spreads over.</summary>
    private protected abstract long SmoothingClasses(Tensor yPred);

    /// <summary>Per-sample cross-entropy of the (smoothed) targets and the predictions, of the same shape.</summary>
    private protected abstract Tensor CrossEntropy(Tensor target, Tensor yPred);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["from_logits"] = FromLogits;
        config["label_smoothing"] = LabelSmoothing;
        return config;
    }
}
