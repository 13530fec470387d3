
namespace KerasNet.Losses;

/// <summary>Cross-entropy with one-hot (or probability) targets over the last axis.</summary>
public sealed class CategoricalCrossentropy : Loss
{
    /// <summary>Creates the loss.</summary>
    public CategoricalCrossentropy(bool fromLogits = false, double labelSmoothing = 0.0, Reduction reduction = Reduction.SumOverBatchSize, string name = "categorical_crossentropy")
        : base(name, reduction)
    {
        if (labelSmoothing is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "labelSmoothing must be in [0, 1].");
        FromLogits = fromLogits;
        LabelSmoothing = labelSmoothing;
    }

    /// <summary>True when predictions are logits rather than probabilities.</summary>
    public bool FromLogits { get; }

    /// <summary>Targets are mixed with the uniform distribution by this amount.</summary>
    public double LabelSmoothing { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        using var scope = torch.NewDisposeScope();
        (yTrue, yPred) = MatchRank(yTrue, yPred);
        CheckSameShape(yTrue, yPred);
        var target = AsFloat(yTrue, yPred);
        if (LabelSmoothing > 0) target = target * (1 - LabelSmoothing) + LabelSmoothing / yPred.size(-1);
        var logProbabilities = LogProbabilities(yPred, FromLogits);
        return (-(target * logProbabilities).sum(-1)).MoveToOuterDisposeScope();
    }

    /// <summary>Log-probabilities over the last axis: log_softmax of logits, or the log of renormalized, clipped probabilities (Keras's way).</summary>
    internal static Tensor LogProbabilities(Tensor yPred, bool fromLogits)
    {
        if (fromLogits) return F.log_softmax(yPred, -1);
        using var scope = torch.NewDisposeScope();
        var normalized = yPred / yPred.sum(-1, keepdim: true);
        return normalized.clamp(Config.Epsilon, 1 - Config.Epsilon).log().MoveToOuterDisposeScope();
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
