
namespace KerasNet.Losses;

/// <summary>Cross-entropy for two classes: targets 0/1, predictions probabilities (or logits with <c>fromLogits</c>).</summary>
public sealed class BinaryCrossentropy : Loss
{
    /// <summary>Creates the loss.</summary>
    public BinaryCrossentropy(bool fromLogits = false, double labelSmoothing = 0.0, Reduction reduction = Reduction.SumOverBatchSize, string name = "binary_crossentropy")
        : base(name, reduction)
    {
        if (labelSmoothing is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "labelSmoothing must be in [0, 1].");
        FromLogits = fromLogits;
        LabelSmoothing = labelSmoothing;
    }

    /// <summary>True when predictions are logits rather than probabilities.</summary>
    public bool FromLogits { get; }

    /// <summary>Targets are moved towards 0.5 by this amount.</summary>
    public double LabelSmoothing { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        using var scope = torch.NewDisposeScope();
        (yTrue, yPred) = MatchRank(yTrue, yPred);
        CheckSameShape(yTrue, yPred);
        var target = AsFloat(yTrue, yPred);
        if (LabelSmoothing > 0) target = target * (1 - LabelSmoothing) + 0.5 * LabelSmoothing;
        Tensor elementwise;
        if (FromLogits)
            elementwise = F.binary_cross_entropy_with_logits(yPred, target, reduction: torch.nn.Reduction.None);
        else
        {
            var eps = Config.Epsilon;
            var p = yPred.clamp(eps, 1 - eps);
            elementwise = -(target * p.log() + (1 - target) * (1 - p).log());
        }
        return elementwise.mean(TensorAxes.Last).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["from_logits"] = FromLogits;
        config["label_smoothing"] = LabelSmoothing;
        return config;
    }
}
