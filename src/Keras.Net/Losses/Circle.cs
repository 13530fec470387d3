namespace KerasNet.Losses;

/// <summary>
/// Circle loss (Sun et al., 2020) for metric learning: targets are integer labels of shape (batch,) or (batch, 1),
/// predictions L2-normalized embeddings of shape (batch, dimensions). Each sample is compared with every other sample
/// of the batch by cosine distance; pairs with the same label are pulled together and the others pushed apart, each
/// weighted by how far it is from its optimum. Per-sample values are softplus(LSE(positive terms) + LSE(negative
/// terms)). As Keras, the samples whose value is exactly 0 are left out of the "sum over batch size" mean.
/// Keras defaults: γ 80, margin 0.4.
/// </summary>
public sealed class Circle : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="gamma">The scale of the similarity terms, &gt; 0.</param>
    /// <param name="margin">The relaxation margin.</param>
    /// <param name="removeDiagonal">Leave each sample's similarity with itself out of its positive pairs.</param>
    /// <param name="reduction">How per-sample values are reduced.</param>
    /// <param name="name">The loss name.</param>
    public Circle(double gamma = 80.0, double margin = 0.4, bool removeDiagonal = true, Reduction reduction = Reduction.SumOverBatchSize, string name = "circle")
        : base(name, reduction)
    {
        Gamma = gamma > 0 && double.IsFinite(gamma) ? gamma : throw new ArgumentOutOfRangeException(nameof(gamma), gamma, $"Circle: gamma must be a positive number; received {gamma}.");
        Margin = double.IsFinite(margin) ? margin : throw new ArgumentOutOfRangeException(nameof(margin), margin, $"Circle: margin must be a finite number; received {margin}.");
        RemoveDiagonal = removeDiagonal;
    }

    /// <summary>The scale of the similarity terms.</summary>
    public double Gamma { get; }
    /// <summary>The relaxation margin.</summary>
    public double Margin { get; }
    /// <summary>Whether self-similarities are left out of the positive pairs.</summary>
    public bool RemoveDiagonal { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (yPred.dim() != 2)
            throw new ArgumentException($"Circle: y_pred must be embeddings of shape (batch, dimensions); received shape {Shape.Format(yPred.shape)}.", nameof(yPred));
        var labels = yTrue.dim() == 2 && yTrue.size(1) == 1 ? yTrue.reshape(-1) : yTrue;
        if (labels.dim() != 1 || labels.size(0) != yPred.size(0))
            throw new ArgumentException($"Circle: y_true must be integer labels of shape ({yPred.size(0)},) or ({yPred.size(0)}, 1); received shape {Shape.Format(yTrue.shape)}.", nameof(yTrue));
        using var scope = torch.NewDisposeScope();
        var ids = labels.to(ScalarType.Int64);
        var distances = (1.0 - yPred.matmul(yPred.t())).clamp(min: 0.0);
        var positive = ids.unsqueeze(1).eq(ids.unsqueeze(0));
        var negative = positive.logical_not();
        if (RemoveDiagonal) positive = positive.logical_and(torch.eye(ids.size(0), dtype: ScalarType.Bool, device: ids.device).logical_not());
        var positiveWeights = ((Margin + distances) * positive.to(distances.dtype)).clamp(min: 0.0);
        var negativeWeights = ((1 + Margin - distances) * negative.to(distances.dtype)).clamp(min: 0.0);
        var positiveTerms = -Gamma * positiveWeights * (Margin - distances);
        var negativeTerms = Gamma * negativeWeights * (1 - Margin - distances);
        var minusInfinity = torch.tensor(double.NegativeInfinity, distances.dtype, distances.device);
        var positiveLoss = torch.where(positive, positiveTerms, minusInfinity).logsumexp(1);
        var negativeLoss = torch.where(negative, negativeTerms, minusInfinity).logsumexp(1);
        return F.softplus(positiveLoss + negativeLoss).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Tensor Compute(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        if (Reduction != Reduction.SumOverBatchSize) return base.Compute(yTrue, yPred, sampleWeight);
        using var scope = torch.NewDisposeScope();
        var values = Call(yTrue, yPred);
        // Keras masks the zero values and divides by the number of the others (plus its epsilon).
        var kept = values.gt(0).sum().to(values.dtype);
        if (sampleWeight is not null) values = values * BroadcastWeights(sampleWeight, values);
        return (values.sum() / (kept + Config.Epsilon)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["gamma"] = Gamma;
        config["margin"] = Margin;
        config["remove_diagonal"] = RemoveDiagonal;
        return config;
    }
}
