namespace KerasNet.Metrics;

/// <summary>
/// F1 = 2·precision·recall / (precision + recall) per class over (batch, classes) predictions. With no threshold, each
/// sample's highest prediction counts as its positive class. <see cref="Result"/> averages per <see cref="Average"/>:
/// "macro" (the default here, a single number), "micro" or "weighted" (by support).
/// </summary>
public sealed class F1Score : Metric
{
    // The per-class true positives, then false positives, then false negatives; null until the class count is known.
    private RunningSums? counts;

    /// <summary>Creates the metric.</summary>
    public F1Score(string average = "macro", double? threshold = null, string name = "f1_score") : base(name)
    {
        if (average is not ("macro" or "micro" or "weighted"))
            throw new ArgumentException($"F1Score: average '{average}' is not supported; expected 'macro', 'micro' or 'weighted'.", nameof(average));
        Average = average;
        Threshold = threshold;
    }

    /// <summary>How per-class scores are combined.</summary>
    public string Average { get; }

    /// <summary>Predictions above it count as positive; null for arg-max.</summary>
    public double? Threshold { get; }

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        if (yPred.dim() != 2)
            throw new ArgumentException($"F1Score expects predictions of shape (batch, classes); received {Shape.Format(yPred.shape)}.", nameof(yPred));
        var classes = yPred.size(-1);
        if (counts is not null && counts.Length != 3 * classes)
            throw new ArgumentException($"F1Score: the number of classes changed from {counts.Length / 3} to {classes}.", nameof(yPred));
        using var scope = torch.NewDisposeScope();
        var positive = Threshold is { } t
            ? yPred.gt(t).to(ScalarType.Float32)
            : torch.nn.functional.one_hot(yPred.argmax(-1), classes).to(ScalarType.Float32);
        var actual = yTrue.to(ScalarType.Float32);
        var weight = sampleWeight is null ? torch.ones_like(positive) : ExpandWeight(sampleWeight, positive);
        var (tp, fp, fn) = ConfusionMetric.Confusion(positive, actual, weight, dim: 0);
        counts ??= new RunningSums(3 * (int)classes);
        counts.Add(torch.cat(new[] { tp, fp, fn }).to(ScalarType.Float64));
    }

    /// <summary>The F1 score of each class.</summary>
    public double[] ResultPerClass() => counts is null ? Array.Empty<double>() : PerClass(counts.Read());

    private static double[] PerClass(double[] sums)
    {
        var classes = sums.Length / 3;
        var scores = new double[classes];
        for (var i = 0; i < classes; i++)
        {
            var tp = sums[i];
            scores[i] = tp == 0 ? 0.0 : 2 * tp / (2 * tp + sums[classes + i] + sums[2 * classes + i]);
        }
        return scores;
    }

    /// <inheritdoc/>
    public override double Result()
    {
        if (counts is null) return 0.0;
        var sums = counts.Read();
        var classes = sums.Length / 3;
        var tp = sums[..classes];
        if (Average == "micro")
        {
            double t = tp.Sum(), f = sums[classes..(2 * classes)].Sum() + sums[(2 * classes)..].Sum();
            return t == 0 ? 0.0 : 2 * t / (2 * t + f);
        }
        var perClass = PerClass(sums);
        if (Average == "macro") return perClass.Average();
        var support = tp.Select((t, i) => t + sums[2 * classes + i]).ToArray();
        var total = support.Sum();
        return total == 0 ? 0.0 : perClass.Select((s, i) => s * support[i]).Sum() / total;
    }

    /// <inheritdoc/>
    public override void ResetState()
    {
        counts?.Dispose();
        counts = null;
    }

    /// <summary>
    /// The state: the per-class true positives, then false positives, then false negatives (3 × classes values);
    /// empty before the first update, when the number of classes is not known yet.
    /// </summary>
    protected internal override double[]? ExportState() => counts?.Read() ?? Array.Empty<double>();

    /// <inheritdoc/>
    protected internal override void ImportState(ReadOnlySpan<double> state)
    {
        if (state.Length % 3 != 0)
            throw new ArgumentException($"Metric '{Name}' (F1Score) has a state of 3 × classes values; received {state.Length}.", nameof(state));
        if (counts is null || counts.Length != state.Length)
        {
            ResetState();
            if (state.Length == 0) return;
            counts = new RunningSums(state.Length);
        }
        counts.Write(state);
    }

    /// <inheritdoc/>
    internal override bool StateLengthDependsOnData => true;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["average"] = Average, ["threshold"] = Threshold };
}
