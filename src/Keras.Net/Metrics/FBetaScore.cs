namespace KerasNet.Metrics;

/// <summary>
/// F-beta = (1 + β²)·precision·recall / (β²·precision + recall) per class over (batch, classes) predictions, computed
/// from the counts as (1 + β²)·tp / ((1 + β²)·tp + β²·fn + fp). With no threshold, each sample's highest prediction
/// counts as its positive class. <see cref="Result"/> averages per <see cref="Average"/>: "macro" (the default here, a
/// single number; Keras's default returns the per-class vector, here <see cref="ResultPerClass"/>), "micro" or
/// "weighted" (by support).
/// </summary>
public class FBetaScore : Metric
{
    // The per-class true positives, then false positives, then false negatives; null until the class count is known.
    private RunningSums? counts;

    /// <summary>Creates the metric.</summary>
    /// <param name="average">"macro", "micro" or "weighted".</param>
    /// <param name="beta">The weight of recall against precision, &gt; 0.</param>
    /// <param name="threshold">Predictions above it count as positive; null for arg-max.</param>
    /// <param name="name">The name in logs.</param>
    public FBetaScore(string average = "macro", double beta = 1.0, double? threshold = null, string name = "fbeta_score") : base(name)
    {
        var owner = GetType().Name;
        if (average is not ("macro" or "micro" or "weighted"))
            throw new ArgumentException($"{owner}: average '{average}' is not supported; expected 'macro', 'micro' or 'weighted'.", nameof(average));
        if (!(beta > 0) || !double.IsFinite(beta))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, $"{owner}: beta must be a positive number; received {beta}.");
        if (threshold is { } t && (t is < 0 or > 1 || double.IsNaN(t)))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"{owner}: threshold must be in [0, 1] or null; received {t}.");
        Average = average;
        Beta = beta;
        Threshold = threshold;
    }

    /// <summary>The weight of recall against precision.</summary>
    public double Beta { get; }

    /// <summary>How per-class scores are combined.</summary>
    public string Average { get; }

    /// <summary>Predictions above it count as positive; null for arg-max.</summary>
    public double? Threshold { get; }

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        if (yPred.dim() != 2)
            throw new ArgumentException($"{GetType().Name} expects predictions of shape (batch, classes); received {Shape.Format(yPred.shape)}.", nameof(yPred));
        var classes = yPred.size(-1);
        if (counts is not null && counts.Length != 3 * classes)
            throw new ArgumentException($"{GetType().Name}: the number of classes changed from {counts.Length / 3} to {classes}.", nameof(yPred));
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

    /// <summary>The score of each class.</summary>
    public double[] ResultPerClass() => counts is null ? Array.Empty<double>() : PerClass(counts.Read());

    private double Score(double tp, double fp, double fn)
    {
        var b2 = Beta * Beta;
        return tp == 0 ? 0.0 : (1 + b2) * tp / ((1 + b2) * tp + b2 * fn + fp);
    }

    private double[] PerClass(double[] sums)
    {
        var classes = sums.Length / 3;
        var scores = new double[classes];
        for (var i = 0; i < classes; i++) scores[i] = Score(sums[i], sums[classes + i], sums[2 * classes + i]);
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
            return Score(tp.Sum(), sums[classes..(2 * classes)].Sum(), sums[(2 * classes)..].Sum());
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
            throw new ArgumentException($"Metric '{Name}' ({GetType().Name}) has a state of 3 × classes values; received {state.Length}.", nameof(state));
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
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["average"] = Average, ["beta"] = Beta, ["threshold"] = Threshold };
}
