namespace KerasNet.Metrics;

/// <summary>
/// The weighted true positives, false positives, true negatives and false negatives of predictions cut at each of a
/// list of thresholds (a prediction is positive when it is strictly above the threshold, a target when it is above
/// 0.5), kept as float64 running sums: the state of the confusion-count metrics and of the metrics read at a point of
/// the sensitivity/specificity curve.
/// </summary>
internal sealed class ThresholdConfusion
{
    private readonly double[] thresholds;
    // The true positives at every threshold, then false positives, true negatives and false negatives.
    private readonly RunningSums counts;
    private Tensor? cut;

    internal ThresholdConfusion(double[] thresholds)
    {
        this.thresholds = thresholds;
        counts = new RunningSums(4 * thresholds.Length);
    }

    /// <summary>The number of thresholds.</summary>
    internal int Count => thresholds.Length;

    /// <summary>The state's length: four counts per threshold.</summary>
    internal int StateLength => counts.Length;

    /// <summary>Adds one batch; with <paramref name="classId"/> only that column of the last axis is counted.</summary>
    internal void Update(string owner, Tensor yTrue, Tensor yPred, Tensor? sampleWeight, int? classId)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        using var scope = torch.NewDisposeScope();
        var (truth, pred) = Losses.Loss.MatchRank(yTrue, yPred);
        if (classId is { } id)
        {
            if (pred.dim() == 0 || id < 0 || id >= pred.size(-1))
                throw new ArgumentOutOfRangeException(nameof(classId), id, $"{owner}: class_id {id} is outside the last axis of predictions of shape {Shape.Format(yPred.shape)}.");
            pred = pred.select(-1, id);
            truth = truth.select(-1, id);
        }
        if (!truth.shape.SequenceEqual(pred.shape))
            throw new ArgumentException($"{owner}: y_true has shape {Shape.Format(yTrue.shape)} but y_pred has shape {Shape.Format(yPred.shape)}; they must match.", nameof(yTrue));
        var p = pred.detach().to(ScalarType.Float64).reshape(-1);
        var actual = truth.to(ScalarType.Float64).reshape(-1).gt(0.5).to(ScalarType.Float64);
        var weight = sampleWeight is null ? torch.ones_like(p) : Metric.ExpandWeight(sampleWeight, pred.to(ScalarType.Float64)).reshape(-1);
        var above = p.unsqueeze(0).gt(Cut(p)).to(ScalarType.Float64);
        var (tp, fp, fn) = ConfusionMetric.Confusion(above, actual, weight, dim: 1);
        var tn = ((1.0 - above) * (1.0 - actual) * weight).sum(dim: 1);
        counts.Add(torch.cat(new[] { tp, fp, tn, fn }));
    }

    private Tensor Cut(Tensor like)
    {
        if (cut is not null && cut.device_type == like.device_type && cut.device_index == like.device_index) return cut;
        cut?.Dispose();
        using var scope = torch.NewDisposeScope();
        return cut = torch.tensor(thresholds, ScalarType.Float64).unsqueeze(1).to(like.device).DetachFromDisposeScope();
    }

    /// <summary>The counts at every threshold.</summary>
    internal (double[] TruePositives, double[] FalsePositives, double[] TrueNegatives, double[] FalseNegatives) Read()
    {
        var c = counts.Read();
        var n = thresholds.Length;
        return (c[..n], c[n..(2 * n)], c[(2 * n)..(3 * n)], c[(3 * n)..]);
    }

    internal double[] Export() => counts.Read();

    internal void Import(ReadOnlySpan<double> state) => counts.Write(state);

    internal void Clear() => counts.Clear();
}
