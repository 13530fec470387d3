using KerasNet.Serialization;
using KerasNet.Torch;

namespace KerasNet.Metrics;

/// <summary>
/// A stateful metric: <see cref="UpdateState"/> accumulates over batches, <see cref="Result"/> reads the value,
/// <see cref="ResetState"/> starts again (the trainer resets at each epoch). State is kept in doubles on the host.
/// </summary>
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
        _ => throw new ArgumentException(
            $"Unknown metric '{identifier}'. Expected one of accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy, " +
            "top_k_categorical_accuracy, sparse_top_k_categorical_accuracy, mse, mae, rmse, precision, recall, auc.", nameof(identifier)),
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

/// <summary>The weighted mean of the values it is given (Keras's <c>Mean</c>); also the base of per-sample metrics.</summary>
public class Mean : Metric
{
    private double total;
    private double count;

    /// <summary>Creates the metric.</summary>
    public Mean(string name = "mean") : base(name) { }

    /// <summary>Adds values (any shape), each weighted by <paramref name="sampleWeight"/> (broadcast) or 1.</summary>
    public void UpdateState(Tensor values, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var scope = torch.NewDisposeScope();
        var v = values.is_floating_point() ? values : values.to(ScalarType.Float32);
        if (sampleWeight is null)
        {
            total += v.sum().to(ScalarType.Float64).item();
            count += v.numel();
            return;
        }
        var w = sampleWeight.to(v.dtype);
        while (w.dim() < v.dim()) w = w.unsqueeze(-1);
        w = w.expand_as(v);
        total += (v * w).sum().to(ScalarType.Float64).item();
        count += w.sum().to(ScalarType.Float64).item();
    }

    /// <summary>Adds one value with a weight (e.g. a batch's mean loss weighted by the batch size).</summary>
    public void UpdateState(double value, double weight = 1.0)
    {
        total += value * weight;
        count += weight;
    }

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) => UpdateState(yPred, sampleWeight);

    /// <inheritdoc/>
    public override double Result() => count == 0 ? 0.0 : total / count;

    /// <inheritdoc/>
    public override void ResetState()
    {
        total = 0;
        count = 0;
    }
}

/// <summary>The weighted sum of the values it is given.</summary>
public sealed class Sum : Metric
{
    private double total;

    /// <summary>Creates the metric.</summary>
    public Sum(string name = "sum") : base(name) { }

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        using var scope = torch.NewDisposeScope();
        var v = yPred.is_floating_point() ? yPred : yPred.to(ScalarType.Float32);
        if (sampleWeight is not null)
        {
            var w = sampleWeight.to(v.dtype);
            while (w.dim() < v.dim()) w = w.unsqueeze(-1);
            v = v * w;
        }
        total += v.sum().to(ScalarType.Float64).item();
    }

    /// <inheritdoc/>
    public override double Result() => total;

    /// <inheritdoc/>
    public override void ResetState() => total = 0;
}

/// <summary>A metric whose per-sample values come from a function of (y_true, y_pred), averaged with sample weights.</summary>
public abstract class MeanMetricWrapper : Mean
{
    /// <summary>Creates the metric.</summary>
    protected MeanMetricWrapper(string name) : base(name) { }

    /// <summary>The per-sample values.</summary>
    protected abstract Tensor Values(Tensor yTrue, Tensor yPred);

    /// <summary>
    /// Accumulates one batch of targets and predictions. (Declared here so that <c>metric.UpdateState(yTrue, yPred)</c>
    /// does not bind to <see cref="Mean.UpdateState(Tensor, Tensor?)"/>, which would take the predictions for weights.)
    /// </summary>
    public new void UpdateState(Tensor yTrue, Tensor yPred) => UpdateState(yTrue, yPred, null);

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        using var scope = torch.NewDisposeScope();
        base.UpdateState(Values(yTrue, yPred), sampleWeight);
    }
}
