namespace KerasNet.Metrics;

/// <summary>
/// The base of <see cref="TruePositives"/>, <see cref="FalsePositives"/>, <see cref="TrueNegatives"/> and
/// <see cref="FalseNegatives"/>: a weighted count of one cell of the confusion matrix of predictions cut at
/// <see cref="Thresholds"/> (positive when strictly above it; targets are positive above 0.5).
/// </summary>
public abstract class ConfusionCount : Metric
{
    private readonly ThresholdConfusion confusion;

    /// <summary>Creates the metric.</summary>
    private protected ConfusionCount(double thresholds, string name) : base(name)
    {
        if (thresholds is < 0 or > 1 || double.IsNaN(thresholds))
            throw new ArgumentOutOfRangeException(nameof(thresholds), thresholds, $"{GetType().Name}: thresholds must be in [0, 1]; received {thresholds}.");
        Thresholds = thresholds;
        confusion = new ThresholdConfusion(new[] { thresholds });
    }

    /// <summary>The threshold above which a prediction is positive (Keras default 0.5).</summary>
    public double Thresholds { get; }

    /// <summary>The cell counted, from the true positives, false positives, true negatives and false negatives.</summary>
    private protected abstract double Pick(double truePositives, double falsePositives, double trueNegatives, double falseNegatives);

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) => confusion.Update(GetType().Name, yTrue, yPred, sampleWeight, classId: null);

    /// <inheritdoc/>
    public override double Result()
    {
        var (tp, fp, tn, fn) = confusion.Read();
        return Pick(tp[0], fp[0], tn[0], fn[0]);
    }

    /// <inheritdoc/>
    public override void ResetState() => confusion.Clear();

    /// <summary>The state: [true positives, false positives, true negatives, false negatives] (weighted).</summary>
    protected internal override double[]? ExportState() => confusion.Export();

    /// <inheritdoc/>
    protected internal override void ImportState(ReadOnlySpan<double> state)
    {
        CheckStateLength(state, 4);
        confusion.Import(state);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["thresholds"] = Thresholds };
}
