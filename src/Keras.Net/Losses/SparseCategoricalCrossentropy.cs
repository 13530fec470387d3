
namespace KerasNet.Losses;

/// <summary>Cross-entropy with integer class targets of shape (batch,) or (batch, 1).</summary>
public sealed class SparseCategoricalCrossentropy : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">True when predictions are logits rather than probabilities.</param>
    /// <param name="ignoreClass">A target class whose samples contribute nothing (e.g. padding).</param>
    /// <param name="reduction">How per-sample values are reduced.</param>
    /// <param name="name">The loss name.</param>
    public SparseCategoricalCrossentropy(bool fromLogits = false, long? ignoreClass = null, Reduction reduction = Reduction.SumOverBatchSize, string name = "sparse_categorical_crossentropy")
        : base(name, reduction)
    {
        FromLogits = fromLogits;
        IgnoreClass = ignoreClass;
    }

    /// <summary>True when predictions are logits rather than probabilities.</summary>
    public bool FromLogits { get; }

    /// <summary>The ignored class, if any.</summary>
    public long? IgnoreClass { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        using var scope = torch.NewDisposeScope();
        var target = Targets(yTrue, yPred);
        var logProbabilities = CategoricalCrossentropy.LogProbabilities(yPred, FromLogits);
        // nll_loss(reduction: none) with Keras's ignore_class: -log p[target], and 0 where the target is ignored.
        if (IgnoreClass is not { } ignored)
            return logProbabilities.gather(-1, target.unsqueeze(-1)).squeeze(-1).neg().MoveToOuterDisposeScope();
        var ignore = target.eq(ignored);
        var picked = logProbabilities.gather(-1, target.masked_fill(ignore, 0).unsqueeze(-1)).squeeze(-1).neg();
        return picked.masked_fill(ignore, 0).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Tensor Compute(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        // The common case in one fused libtorch call: logits, no weights, mean over the batch.
        if (FromLogits && sampleWeight is null && IgnoreClass is null && Reduction == Reduction.SumOverBatchSize && yPred.dim() == 2)
        {
            using var scope = torch.NewDisposeScope();
            return F.cross_entropy(yPred, Targets(yTrue, yPred)).MoveToOuterDisposeScope();
        }
        if (IgnoreClass is { } ignored && Reduction == Reduction.SumOverBatchSize)
        {
            // As Keras, the ignored targets are masked out: the mean is over the targets that are kept.
            using var scope = torch.NewDisposeScope();
            var values = Call(yTrue, yPred);
            if (sampleWeight is not null) values = values * BroadcastWeights(sampleWeight, values);
            var kept = Targets(yTrue, yPred).ne(ignored).sum().to(values.dtype).clamp(min: 1.0);
            return (values.sum() / kept).MoveToOuterDisposeScope();
        }
        return base.Compute(yTrue, yPred, sampleWeight);
    }

    private Tensor Targets(Tensor yTrue, Tensor yPred)
    {
        var target = yTrue;
        if (target.dim() == yPred.dim() && target.size(-1) == 1) target = target.squeeze(-1);
        if (target.dim() != yPred.dim() - 1)
            throw new ArgumentException(
                $"SparseCategoricalCrossentropy expects integer labels of shape (batch,) or (batch, 1) for predictions of shape {Shape.Format(yPred.shape)}; " +
                $"received labels of shape {Shape.Format(yTrue.shape)}. For one-hot labels use CategoricalCrossentropy.");
        if (target.is_floating_point()) target = target.to(ScalarType.Int64);
        else if (target.dtype != ScalarType.Int64) target = target.to(ScalarType.Int64);
        return target;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["from_logits"] = FromLogits;
        config["ignore_class"] = IgnoreClass;
        return config;
    }
}
