
namespace KerasNet.Metrics;

/// <summary>
/// "accuracy": resolved by the trainer to binary, categorical or sparse categorical accuracy from the shapes, as
/// Keras does. Used directly, it counts exact matches of y_pred and y_true.
/// </summary>
public sealed class Accuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    public Accuracy(string name = "accuracy") : base(name) { }
    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred) => yTrue.to(yPred.dtype).eq(yPred).to(ScalarType.Float32);
}

/// <summary>The fraction of predictions on the same side of <see cref="Threshold"/> as the 0/1 targets.</summary>
public sealed class BinaryAccuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    public BinaryAccuracy(double threshold = 0.5, string name = "binary_accuracy") : base(name) => Threshold = threshold;
    /// <summary>Predictions above it count as 1.</summary>
    public double Threshold { get; }
    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
    {
        var predicted = yPred.gt(Threshold).to(ScalarType.Float32);
        var target = yTrue.to(ScalarType.Float32);
        if (target.dim() == predicted.dim() - 1) target = target.unsqueeze(-1);
        var values = predicted.eq(target).to(ScalarType.Float32);
        return values.dim() > 1 ? values.mean(TensorAxes.Last) : values;
    }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["threshold"] = Threshold;
        return config;
    }
}

/// <summary>The fraction of samples whose arg-max prediction equals the arg-max of the one-hot target.</summary>
public sealed class CategoricalAccuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    public CategoricalAccuracy(string name = "categorical_accuracy") : base(name) { }
    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred) => yPred.argmax(-1).eq(yTrue.argmax(-1)).to(ScalarType.Float32);
}

/// <summary>The fraction of samples whose arg-max prediction equals the integer target.</summary>
public sealed class SparseCategoricalAccuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    public SparseCategoricalAccuracy(string name = "sparse_categorical_accuracy") : base(name) { }
    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
    {
        var target = yTrue;
        if (target.dim() == yPred.dim() && target.size(-1) == 1) target = target.squeeze(-1);
        return yPred.argmax(-1).eq(target.to(ScalarType.Int64)).to(ScalarType.Float32);
    }
}

/// <summary>The fraction of samples whose one-hot target is among the <see cref="K"/> highest predictions.</summary>
public sealed class TopKCategoricalAccuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric (Keras default k = 5).</summary>
    public TopKCategoricalAccuracy(int k = 5, string name = "top_k_categorical_accuracy") : base(name) =>
        K = k > 0 ? k : throw new ArgumentOutOfRangeException(nameof(k), k, "k must be positive.");
    /// <summary>How many top predictions count.</summary>
    public int K { get; }
    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred) => SparseTopKCategoricalAccuracy.InTopK(yPred, yTrue.argmax(-1), K);
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["k"] = K;
        return config;
    }
}

/// <summary>The fraction of samples whose integer target is among the <see cref="K"/> highest predictions.</summary>
public sealed class SparseTopKCategoricalAccuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric (Keras default k = 5).</summary>
    public SparseTopKCategoricalAccuracy(int k = 5, string name = "sparse_top_k_categorical_accuracy") : base(name) =>
        K = k > 0 ? k : throw new ArgumentOutOfRangeException(nameof(k), k, "k must be positive.");
    /// <summary>How many top predictions count.</summary>
    public int K { get; }
    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
    {
        var target = yTrue;
        if (target.dim() == yPred.dim() && target.size(-1) == 1) target = target.squeeze(-1);
        return InTopK(yPred, target.to(ScalarType.Int64), K);
    }

    internal static Tensor InTopK(Tensor yPred, Tensor target, int k)
    {
        var classes = yPred.size(-1);
        var (_, indices) = yPred.topk(Math.Min(k, (int)classes), dim: -1);
        return indices.eq(target.unsqueeze(-1)).any(-1).to(ScalarType.Float32);
    }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["k"] = K;
        return config;
    }
}

/// <summary>Mean squared error as a metric.</summary>
public sealed class MeanSquaredError : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    public MeanSquaredError(string name = "mean_squared_error") : base(name) { }
    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = Losses.Loss.MatchRank(yTrue, yPred);
        return (p - t.to(p.dtype)).square().mean(TensorAxes.Last);
    }
}

/// <summary>Mean absolute error as a metric.</summary>
public sealed class MeanAbsoluteError : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    public MeanAbsoluteError(string name = "mean_absolute_error") : base(name) { }
    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = Losses.Loss.MatchRank(yTrue, yPred);
        return (p - t.to(p.dtype)).abs().mean(TensorAxes.Last);
    }
}

/// <summary>The square root of the running mean squared error.</summary>
public sealed class RootMeanSquaredError : Mean
{
    /// <summary>Creates the metric.</summary>
    public RootMeanSquaredError(string name = "root_mean_squared_error") : base(name) { }
    /// <summary>
    /// Accumulates one batch of targets and predictions. (Declared here so that <c>metric.UpdateState(yTrue, yPred)</c>
    /// does not bind to <see cref="Mean.UpdateState(Tensor, Tensor?)"/>, which would take the predictions for weights.)
    /// </summary>
    public new void UpdateState(Tensor yTrue, Tensor yPred) => UpdateState(yTrue, yPred, null);
    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        using var scope = torch.NewDisposeScope();
        var (t, p) = Losses.Loss.MatchRank(yTrue, yPred);
        base.UpdateState((p - t.to(p.dtype)).square(), sampleWeight);
    }
    /// <inheritdoc/>
    public override double Result() => Math.Sqrt(base.Result());
}
