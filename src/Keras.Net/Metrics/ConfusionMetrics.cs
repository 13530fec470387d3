
namespace KerasNet.Metrics;

/// <summary>Counts true/false positives and negatives of thresholded predictions; the base of Precision and Recall.</summary>
public abstract class ConfusionMetric : Metric
{
    /// <summary>True positives so far.</summary>
    protected double TruePositives;
    /// <summary>False positives so far.</summary>
    protected double FalsePositives;
    /// <summary>False negatives so far.</summary>
    protected double FalseNegatives;

    /// <summary>Creates the metric.</summary>
    protected ConfusionMetric(string name, double threshold, int? classId) : base(name)
    {
        if (threshold is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must be in [0, 1].");
        Threshold = threshold;
        ClassId = classId;
    }

    /// <summary>Predictions above it count as positive.</summary>
    public double Threshold { get; }

    /// <summary>Only this column (class) is counted, if set.</summary>
    public int? ClassId { get; }

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
        TruePositives += (positive * actual * weight).sum().to(ScalarType.Float64).ToDouble();
        FalsePositives += (positive * (1.0 - actual) * weight).sum().to(ScalarType.Float64).ToDouble();
        FalseNegatives += ((1.0 - positive) * actual * weight).sum().to(ScalarType.Float64).ToDouble();
    }

    internal static Tensor ExpandWeight(Tensor sampleWeight, Tensor like)
    {
        var w = sampleWeight.to(ScalarType.Float32);
        while (w.dim() < like.dim()) w = w.unsqueeze(-1);
        return w.expand_as(like);
    }

    /// <inheritdoc/>
    public override void ResetState() => TruePositives = FalsePositives = FalseNegatives = 0;

    /// <summary>The state: [true positives, false positives, false negatives] (weighted counts).</summary>
    protected internal override double[]? ExportState() => new[] { TruePositives, FalsePositives, FalseNegatives };

    /// <inheritdoc/>
    protected internal override void ImportState(ReadOnlySpan<double> state)
    {
        CheckStateLength(state, 3);
        TruePositives = state[0];
        FalsePositives = state[1];
        FalseNegatives = state[2];
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["thresholds"] = Threshold;
        config["class_id"] = ClassId;
        return config;
    }
}

/// <summary>tp / (tp + fp).</summary>
public sealed class Precision : ConfusionMetric
{
    /// <summary>Creates the metric (Keras default threshold 0.5).</summary>
    public Precision(double thresholds = 0.5, int? classId = null, string name = "precision") : base(name, thresholds, classId) { }
    /// <inheritdoc/>
    public override double Result() => TruePositives + FalsePositives == 0 ? 0.0 : TruePositives / (TruePositives + FalsePositives);
}

/// <summary>tp / (tp + fn).</summary>
public sealed class Recall : ConfusionMetric
{
    /// <summary>Creates the metric (Keras default threshold 0.5).</summary>
    public Recall(double thresholds = 0.5, int? classId = null, string name = "recall") : base(name, thresholds, classId) { }
    /// <inheritdoc/>
    public override double Result() => TruePositives + FalseNegatives == 0 ? 0.0 : TruePositives / (TruePositives + FalseNegatives);
}

/// <summary>
/// F1 = 2·precision·recall / (precision + recall) per class over (batch, classes) predictions. With no threshold, each
/// sample's highest prediction counts as its positive class. <see cref="Result"/> averages per <see cref="Average"/>:
/// "macro" (the default here, a single number), "micro" or "weighted" (by support).
/// </summary>
public sealed class F1Score : Metric
{
    private double[]? tp, fp, fn;

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
        using var scope = torch.NewDisposeScope();
        var classes = yPred.size(-1);
        var positive = Threshold is { } t
            ? yPred.gt(t).to(ScalarType.Float32)
            : torch.nn.functional.one_hot(yPred.argmax(-1), classes).to(ScalarType.Float32);
        var actual = yTrue.to(ScalarType.Float32);
        var weight = sampleWeight is null ? torch.ones_like(positive) : ConfusionMetric.ExpandWeight(sampleWeight, positive);
        tp ??= new double[classes];
        fp ??= new double[classes];
        fn ??= new double[classes];
        Accumulate(tp, (positive * actual * weight).sum(dim: 0));
        Accumulate(fp, (positive * (1.0 - actual) * weight).sum(dim: 0));
        Accumulate(fn, ((1.0 - positive) * actual * weight).sum(dim: 0));
    }

    private static void Accumulate(double[] into, Tensor counts)
    {
        var values = counts.to(ScalarType.Float64).data<double>();
        if (values.Count != into.Length) throw new ArgumentException($"F1Score: the number of classes changed from {into.Length} to {values.Count}.");
        for (var i = 0; i < values.Count; i++) into[i] += values[i];
    }

    /// <summary>The F1 score of each class.</summary>
    public double[] ResultPerClass()
    {
        if (tp is null) return Array.Empty<double>();
        return tp.Select((t, i) => t == 0 ? 0.0 : 2 * t / (2 * t + fp![i] + fn![i])).ToArray();
    }

    /// <inheritdoc/>
    public override double Result()
    {
        if (tp is null) return 0.0;
        if (Average == "micro")
        {
            double t = tp.Sum(), f = fp!.Sum() + fn!.Sum();
            return t == 0 ? 0.0 : 2 * t / (2 * t + f);
        }
        var perClass = ResultPerClass();
        if (Average == "macro") return perClass.Average();
        var support = tp.Select((t, i) => t + fn![i]).ToArray();
        var total = support.Sum();
        return total == 0 ? 0.0 : perClass.Select((s, i) => s * support[i]).Sum() / total;
    }

    /// <inheritdoc/>
    public override void ResetState() => tp = fp = fn = null;

    /// <summary>
    /// The state: the per-class true positives, then false positives, then false negatives (3 × classes values);
    /// empty before the first update, when the number of classes is not known yet.
    /// </summary>
    protected internal override double[]? ExportState() => tp is null ? Array.Empty<double>() : tp.Concat(fp!).Concat(fn!).ToArray();

    /// <inheritdoc/>
    protected internal override void ImportState(ReadOnlySpan<double> state)
    {
        if (state.Length % 3 != 0)
            throw new ArgumentException($"Metric '{Name}' (F1Score) has a state of 3 × classes values; received {state.Length}.", nameof(state));
        if (state.Length == 0)
        {
            ResetState();
            return;
        }
        var classes = state.Length / 3;
        tp = state[..classes].ToArray();
        fp = state[classes..(2 * classes)].ToArray();
        fn = state[(2 * classes)..].ToArray();
    }

    /// <inheritdoc/>
    internal override bool StateLengthDependsOnData => true;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["average"] = Average;
        config["threshold"] = Threshold;
        return config;
    }
}

/// <summary>
/// Area under the ROC curve (or the precision-recall curve with <c>curve: "PR"</c>), from confusion counts at
/// <see cref="NumThresholds"/> evenly spaced thresholds, integrated with the trapezoidal rule.
/// </summary>
public sealed class AUC : Metric
{
    private readonly double[] thresholds;
    private readonly double[] tp, fp, tn, fn;

    /// <summary>Creates the metric (Keras default 200 thresholds, ROC).</summary>
    public AUC(int numThresholds = 200, string curve = "ROC", string name = "auc") : base(name)
    {
        if (numThresholds < 2) throw new ArgumentOutOfRangeException(nameof(numThresholds), numThresholds, "AUC needs at least 2 thresholds.");
        if (curve is not ("ROC" or "PR")) throw new ArgumentException($"AUC: curve '{curve}' is not supported; expected 'ROC' or 'PR'.", nameof(curve));
        NumThresholds = numThresholds;
        Curve = curve;
        // As Keras: thresholds strictly inside (0, 1) plus two just outside, so every prediction falls between two.
        const double epsilon = 1e-7;
        thresholds = new double[numThresholds];
        thresholds[0] = -epsilon;
        thresholds[^1] = 1 + epsilon;
        for (var i = 1; i < numThresholds - 1; i++) thresholds[i] = (double)i / (numThresholds - 1);
        tp = new double[numThresholds];
        fp = new double[numThresholds];
        tn = new double[numThresholds];
        fn = new double[numThresholds];
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
            : ConfusionMetric.ExpandWeight(sampleWeight, yPred.to(ScalarType.Float32)).reshape(-1).to(ScalarType.Float64);
        var cut = torch.tensor(thresholds).unsqueeze(1);
        var above = pred.unsqueeze(0).gt(cut).to(ScalarType.Float64);
        Add(tp, (above * actual * weight).sum(1));
        Add(fp, (above * (1.0 - actual) * weight).sum(1));
        Add(fn, ((1.0 - above) * actual * weight).sum(1));
        Add(tn, ((1.0 - above) * (1.0 - actual) * weight).sum(1));
    }

    private static void Add(double[] into, Tensor values)
    {
        var v = values.data<double>();
        for (var i = 0; i < v.Count; i++) into[i] += v[i];
    }

    /// <inheritdoc/>
    public override double Result()
    {
        double area = 0;
        for (var i = 0; i < NumThresholds - 1; i++)
        {
            var (x0, y0) = Point(i);
            var (x1, y1) = Point(i + 1);
            area += Math.Abs(x0 - x1) * (y0 + y1) / 2;
        }
        return area;
    }

    private (double X, double Y) Point(int i)
    {
        static double Ratio(double a, double b) => a + b == 0 ? 0.0 : a / (a + b);
        var recall = Ratio(tp[i], fn[i]);
        return Curve == "ROC" ? (Ratio(fp[i], tn[i]), recall) : (recall, tp[i] + fp[i] == 0 ? 1.0 : Ratio(tp[i], fp[i]));
    }

    /// <inheritdoc/>
    public override void ResetState()
    {
        Array.Clear(tp);
        Array.Clear(fp);
        Array.Clear(tn);
        Array.Clear(fn);
    }

    /// <summary>
    /// The state: the weighted true positives at every threshold, then false positives, true negatives and false
    /// negatives (4 × <see cref="NumThresholds"/> values).
    /// </summary>
    protected internal override double[]? ExportState() => tp.Concat(fp).Concat(tn).Concat(fn).ToArray();

    /// <inheritdoc/>
    protected internal override void ImportState(ReadOnlySpan<double> state)
    {
        CheckStateLength(state, 4 * NumThresholds);
        var n = NumThresholds;
        state[..n].CopyTo(tp);
        state[n..(2 * n)].CopyTo(fp);
        state[(2 * n)..(3 * n)].CopyTo(tn);
        state[(3 * n)..].CopyTo(fn);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["num_thresholds"] = NumThresholds;
        config["curve"] = Curve;
        return config;
    }
}
