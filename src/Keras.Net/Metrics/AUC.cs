namespace KerasNet.Metrics;

/// <summary>
/// Area under the ROC curve (or the precision-recall curve with <c>curve: "PR"</c>), from confusion counts at
/// <see cref="NumThresholds"/> evenly spaced thresholds, integrated with the trapezoidal rule.
/// </summary>
public sealed class AUC : Metric
{
    private readonly double[] thresholds;
    // The weighted true positives at every threshold, then false positives, true negatives and false negatives.
    private readonly RunningSums counts;
    // The thresholds as an (n, 1) tensor on the device of the last predictions, so that no batch copies them there.
    private Tensor? cut;

    /// <summary>Creates the metric (Keras default 200 thresholds, ROC).</summary>
    public AUC(int numThresholds = 200, string curve = "ROC", string name = "auc") : base(name)
    {
        if (numThresholds < 2) throw new ArgumentOutOfRangeException(nameof(numThresholds), numThresholds, $"AUC needs at least 2 thresholds; received {numThresholds}.");
        if (curve is not ("ROC" or "PR")) throw new ArgumentException($"AUC: curve '{curve}' is not supported; expected 'ROC' or 'PR'.", nameof(curve));
        NumThresholds = numThresholds;
        Curve = curve;
        // As Keras: thresholds strictly inside (0, 1) plus two just outside, so every prediction falls between two.
        const double epsilon = 1e-7;
        thresholds = new double[numThresholds];
        thresholds[0] = -epsilon;
        thresholds[^1] = 1 + epsilon;
        for (var i = 1; i < numThresholds - 1; i++) thresholds[i] = (double)i / (numThresholds - 1);
        counts = new RunningSums(4 * numThresholds);
    }

    /// <summary>The number of thresholds.</summary>
    public int NumThresholds { get; }

    /// <summary>"ROC" or "PR".</summary>
    public string Curve { get; }

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        using var scope = torch.NewDisposeScope();
        var pred = yPred.to(ScalarType.Float64).reshape(-1);
        var actual = yTrue.to(ScalarType.Float64).reshape(-1).gt(0.5).to(ScalarType.Float64);
        var weight = sampleWeight is null ? torch.ones_like(pred)
            : ExpandWeight(sampleWeight, yPred.to(ScalarType.Float32)).reshape(-1).to(ScalarType.Float64);
        var above = pred.unsqueeze(0).gt(Cut(pred)).to(ScalarType.Float64);
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

    /// <inheritdoc/>
    public override double Result()
    {
        var c = counts.Read();
        var n = NumThresholds;
        (double X, double Y) Point(int i)
        {
            static double Ratio(double a, double b) => a + b == 0 ? 0.0 : a / (a + b);
            double tp = c[i], fp = c[n + i], tn = c[2 * n + i], fn = c[3 * n + i];
            var recall = Ratio(tp, fn);
            return Curve == "ROC" ? (Ratio(fp, tn), recall) : (recall, tp + fp == 0 ? 1.0 : Ratio(tp, fp));
        }
        double area = 0;
        for (var i = 0; i < n - 1; i++)
        {
            var (x0, y0) = Point(i);
            var (x1, y1) = Point(i + 1);
            area += Math.Abs(x0 - x1) * (y0 + y1) / 2;
        }
        return area;
    }

    /// <inheritdoc/>
    public override void ResetState() => counts.Clear();

    /// <summary>
    /// The state: the weighted true positives at every threshold, then false positives, true negatives and false
    /// negatives (4 × <see cref="NumThresholds"/> values).
    /// </summary>
    protected internal override double[]? ExportState() => counts.Read();

    /// <inheritdoc/>
    protected internal override void ImportState(ReadOnlySpan<double> state)
    {
        CheckStateLength(state, 4 * NumThresholds);
        counts.Write(state);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["num_thresholds"] = NumThresholds, ["curve"] = Curve };
}
