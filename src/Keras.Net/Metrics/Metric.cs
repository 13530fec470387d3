using KerasNet.Serialization;

namespace KerasNet.Metrics;

/// <summary>
/// A stateful metric: <see cref="UpdateState"/> accumulates over batches, <see cref="Result"/> reads the value,
/// <see cref="ResetState"/> starts again (the trainer resets at each epoch).
/// </summary>
/// <remarks>
/// The built-in metrics keep their state as float64 sums: host doubles while the data is on the CPU, a float64 tensor
/// on the data's device (outside every dispose scope, grown in place) once it is on an accelerator, so that
/// <see cref="UpdateState"/> never waits for the device; only <see cref="Result"/> and <see cref="ExportState"/> read it.
/// </remarks>
public abstract class Metric : IKerasSerializable
{
    /// <summary>Creates the metric.</summary>
    protected Metric(string name) => Name = name;

    /// <summary>The name shown in logs, e.g. <c>accuracy</c>.</summary>
    public string Name { get; internal set; }

    /// <summary>Accumulates one batch.</summary>
    public abstract void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null);

    /// <summary>The current value.</summary>
    public abstract double Result();

    /// <summary>Clears the accumulated state.</summary>
    public abstract void ResetState();

    /// <inheritdoc/>
    public virtual Dictionary<string, object?> GetConfig() => new() { ["name"] = Name };

    /// <summary>
    /// A copy of the accumulated state as float64 values that add across data shards (totals, counts, confusion
    /// counts): if several metrics of the same configuration each accumulate a part of the data, importing the
    /// element-wise sum of their states into one (<see cref="ImportState"/>) gives the result over all the data.
    /// Data-parallel training combines the metrics of its processes this way. Returns null (the default) when the
    /// state does not add; such a metric's results are then averaged across processes, an approximation.
    /// </summary>
    /// <remarks>Override it together with <see cref="ImportState"/> to make a custom metric exact under data parallelism.</remarks>
    protected internal virtual double[]? ExportState() => null;

    /// <summary>
    /// Replaces the accumulated state by <paramref name="state"/>: what <see cref="ExportState"/> returned, possibly
    /// summed element-wise with the states of other instances of the same metric.
    /// </summary>
    protected internal virtual void ImportState(ReadOnlySpan<double> state) =>
        throw new NotSupportedException($"Metric '{Name}' ({GetType().Name}) does not export its state, so it cannot import one; override ExportState and ImportState together.");

    /// <summary>
    /// True when the length of <see cref="ExportState"/> depends on the data (e.g. the number of classes, known at the
    /// first update; empty before), so that processes must agree on it before adding their states.
    /// </summary>
    internal virtual bool StateLengthDependsOnData => false;

    /// <summary>
    /// Adds <paramref name="other"/>'s state to this one's, as if this metric had also seen the other's data. Both
    /// must be the same kind of metric with the same configuration (a metric whose state does not add cannot merge).
    /// </summary>
    internal void MergeState(Metric other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var mine = ExportState() ?? throw new NotSupportedException($"Metric '{Name}' ({GetType().Name}) does not export a state that adds.");
        var theirs = other.ExportState() ?? throw new NotSupportedException($"Metric '{other.Name}' ({other.GetType().Name}) does not export a state that adds.");
        if (mine.Length == 0) mine = new double[theirs.Length];
        if (theirs.Length == 0) theirs = new double[mine.Length];
        if (mine.Length != theirs.Length)
            throw new ArgumentException($"Metric '{Name}' has a state of {mine.Length} values but '{other.Name}' has {theirs.Length}; only metrics of the same configuration can merge.", nameof(other));
        for (var i = 0; i < mine.Length; i++) mine[i] += theirs[i];
        ImportState(mine);
    }

    /// <summary>
    /// <paramref name="sampleWeight"/> (one weight per sample, or any shape that leads <paramref name="like"/>'s) in
    /// <paramref name="like"/>'s dtype, given trailing axes and expanded to its shape.
    /// </summary>
    internal static Tensor ExpandWeight(Tensor sampleWeight, Tensor like)
    {
        var w = sampleWeight.to(like.dtype);
        while (w.dim() < like.dim()) w = w.unsqueeze(-1);
        return w.expand_as(like);
    }

    /// <summary>Throws unless <paramref name="state"/> holds <paramref name="expected"/> values (for <see cref="ImportState"/>).</summary>
    private protected void CheckStateLength(ReadOnlySpan<double> state, int expected)
    {
        if (state.Length != expected)
            throw new ArgumentException($"Metric '{Name}' ({GetType().Name}) has a state of {expected} values; received {state.Length}.", nameof(state));
    }

    /// <summary>
    /// The metric named as in Keras, logged under the name it was asked by (<c>"mae"</c> is logged as <c>mae</c>,
    /// as Keras does). "accuracy"/"acc" are resolved later from the shapes of the targets and predictions by
    /// <see cref="Resolve"/>.
    /// </summary>
    public static Metric Get(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var metric = Create(identifier);
        metric.Name = identifier;
        return metric;
    }

    private static Metric Create(string identifier) => identifier.ToLowerInvariant() switch
    {
        "accuracy" or "acc" => new Accuracy(),
        "binary_accuracy" => new BinaryAccuracy(),
        "categorical_accuracy" => new CategoricalAccuracy(),
        "sparse_categorical_accuracy" => new SparseCategoricalAccuracy(),
        "top_k_categorical_accuracy" => new TopKCategoricalAccuracy(),
        "sparse_top_k_categorical_accuracy" => new SparseTopKCategoricalAccuracy(),
        "mean_squared_error" or "mse" => new MeanSquaredError(),
        "mean_absolute_error" or "mae" => new MeanAbsoluteError(),
        "root_mean_squared_error" or "rmse" => new RootMeanSquaredError(),
        "precision" => new Precision(),
        "recall" => new Recall(),
        "auc" => new AUC(),
        "binary_crossentropy" or "bce" => new BinaryCrossentropy(),
        "categorical_crossentropy" => new CategoricalCrossentropy(),
        "sparse_categorical_crossentropy" => new SparseCategoricalCrossentropy(),
        "kl_divergence" => new KLDivergence(),
        "poisson" => new Poisson(),
        "mean_absolute_percentage_error" or "mape" => new MeanAbsolutePercentageError(),
        "mean_squared_logarithmic_error" or "msle" => new MeanSquaredLogarithmicError(),
        "log_cosh_error" or "logcosh" => new LogCoshError(),
        "cosine_similarity" => new CosineSimilarity(),
        "hinge" => new Hinge(),
        "squared_hinge" => new SquaredHinge(),
        "categorical_hinge" => new CategoricalHinge(),
        "true_positives" => new TruePositives(),
        "false_positives" => new FalsePositives(),
        "true_negatives" => new TrueNegatives(),
        "false_negatives" => new FalseNegatives(),
        "f1_score" => new F1Score(),
        "fbeta_score" => new FBetaScore(),
        "r2_score" => new R2Score(),
        "pearson_correlation" => new PearsonCorrelation(),
        "concordance_correlation" => new ConcordanceCorrelation(),
        "binary_io_u" or "binary_iou" => new BinaryIoU(),
        _ => throw new ArgumentException(
            $"Unknown metric '{identifier}'. Expected one of accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy, " +
            "top_k_categorical_accuracy, sparse_top_k_categorical_accuracy, mse, mae, rmse, precision, recall, auc, binary_crossentropy (bce), " +
            "categorical_crossentropy, sparse_categorical_crossentropy, kl_divergence, poisson, mape, msle, log_cosh_error (logcosh), " +
            "cosine_similarity, hinge, squared_hinge, categorical_hinge, true_positives, false_positives, true_negatives, false_negatives, " +
            "f1_score, fbeta_score, r2_score, pearson_correlation, concordance_correlation, binary_io_u. Metrics that need arguments " +
            "(IoU, MeanIoU, PrecisionAtRecall...) are passed as objects.", nameof(identifier)),
    };

    /// <summary>Allows <c>metrics: new Metric[] { "accuracy" }</c>.</summary>
    public static implicit operator Metric(string identifier) => Get(identifier);

    /// <summary>
    /// Keras's choice for a generic "accuracy": binary when the output has one unit (or is 1-D), sparse categorical when
    /// the targets have one axis fewer than the outputs (or a last axis of 1), else categorical. Other metrics are returned as they are.
    /// </summary>
    public static Metric Resolve(Metric metric, Tensor yTrue, Tensor yPred)
    {
        if (metric is not Accuracy generic) return metric;
        var predShape = yPred.shape;
        var trueShape = yTrue.shape;
        Metric resolved = predShape.Length <= 1 || predShape[^1] == 1 ? new BinaryAccuracy(name: generic.Name)
            : trueShape.Length < predShape.Length || trueShape[^1] == 1 ? new SparseCategoricalAccuracy(name: generic.Name)
            : new CategoricalAccuracy(name: generic.Name);
        return resolved;
    }
}
