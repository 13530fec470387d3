namespace KerasNet.Metrics;

/// <summary>Counts true/false positives and negatives of thresholded predictions; the base of Precision and Recall.</summary>
public abstract class ConfusionMetric : Metric
{
    private const int TP = 0, FP = 1, FN = 2;
    private readonly RunningSums counts = new(3);

    /// <summary>Creates the metric.</summary>
    protected ConfusionMetric(string name, double threshold, int? classId) : base(name)
    {
        if (threshold is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"threshold must be in [0, 1]; received {threshold}.");
        Threshold = threshold;
        ClassId = classId;
    }

    /// <summary>Predictions above it count as positive.</summary>
    public double Threshold { get; }

    /// <summary>Only this column (class) is counted, if set.</summary>
    public int? ClassId { get; }

    /// <summary>The weighted true positives so far (read from the device).</summary>
    protected double TruePositives => counts.Read()[TP];

    /// <summary>The weighted false positives so far (read from the device).</summary>
    protected double FalsePositives => counts.Read()[FP];

    /// <summary>The weighted false negatives so far (read from the device).</summary>
    protected double FalseNegatives => counts.Read()[FN];

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        using var scope = torch.NewDisposeScope();
        var pred = yPred;
        var truth = yTrue.to(ScalarType.Float32);
        if (truth.dim() == pred.dim() - 1) truth = truth.unsqueeze(-1);
        if (ClassId is { } id)
        {
            pred = pred.select(-1, id);
            truth = truth.select(-1, id);
        }
        var positive = pred.gt(Threshold).to(ScalarType.Float32);
        var actual = truth.gt(0.5).to(ScalarType.Float32);
        var weight = sampleWeight is null ? torch.ones_like(positive) : ExpandWeight(sampleWeight, positive);
        var (tp, fp, fn) = Confusion(positive, actual, weight, dim: null);
        counts.Add(torch.stack(new[] { tp, fp, fn }).to(ScalarType.Float64));
    }

    /// <summary>
    /// The weighted true positives, false positives and false negatives of 0/1 <paramref name="positive"/> predictions
    /// against 0/1 <paramref name="actual"/> targets, summed over <paramref name="dim"/> (over everything if null).
    /// </summary>
    internal static (Tensor TruePositives, Tensor FalsePositives, Tensor FalseNegatives) Confusion(Tensor positive, Tensor actual, Tensor weight, long? dim)
    {
        Tensor Sum(Tensor t) => dim is { } d ? t.sum(dim: d) : t.sum();
        return (Sum(positive * actual * weight), Sum(positive * (1.0 - actual) * weight), Sum((1.0 - positive) * actual * weight));
    }

    /// <summary>The weighted (true positives, false positives, false negatives), read from the device in one copy.</summary>
    private protected (double TruePositives, double FalsePositives, double FalseNegatives) ReadCounts()
    {
        var c = counts.Read();
        return (c[TP], c[FP], c[FN]);
    }

    /// <inheritdoc/>
    public override void ResetState() => counts.Clear();

    /// <summary>The state: [true positives, false positives, false negatives] (weighted counts).</summary>
    protected internal override double[]? ExportState() => counts.Read();

    /// <inheritdoc/>
    protected internal override void ImportState(ReadOnlySpan<double> state)
    {
        CheckStateLength(state, 3);
        counts.Write(state);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["thresholds"] = Threshold, ["class_id"] = ClassId };
}
