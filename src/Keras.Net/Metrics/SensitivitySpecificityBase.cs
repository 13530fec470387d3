namespace KerasNet.Metrics;

/// <summary>
/// The base of the metrics read at one point of a curve (<see cref="SensitivityAtSpecificity"/>,
/// <see cref="SpecificityAtSensitivity"/>, <see cref="PrecisionAtRecall"/>, <see cref="RecallAtPrecision"/>): confusion
/// counts at <see cref="NumThresholds"/> thresholds evenly spaced over [0, 1] (0.5 alone when there is one), then the
/// largest value of one rate among the thresholds where another rate reaches <see cref="Value"/> (0 if none does).
/// </summary>
public abstract class SensitivitySpecificityBase : Metric
{
    private readonly ThresholdConfusion confusion;

    /// <summary>Creates the metric.</summary>
    private protected SensitivitySpecificityBase(double value, string valueName, int numThresholds, int? classId, string name) : base(name)
    {
        var owner = GetType().Name;
        if (value is < 0 or > 1 || double.IsNaN(value))
            throw new ArgumentOutOfRangeException(valueName, value, $"{owner}: {valueName} must be in [0, 1]; received {value}.");
        if (numThresholds < 1)
            throw new ArgumentOutOfRangeException(nameof(numThresholds), numThresholds, $"{owner}: numThresholds must be at least 1; received {numThresholds}.");
        if (classId is < 0)
            throw new ArgumentOutOfRangeException(nameof(classId), classId, $"{owner}: classId must be >= 0; received {classId}.");
        Value = value;
        NumThresholds = numThresholds;
        ClassId = classId;
        var thresholds = new double[numThresholds];
        if (numThresholds == 1) thresholds[0] = 0.5;
        else
            for (var i = 0; i < numThresholds; i++) thresholds[i] = i == numThresholds - 1 ? 1.0 : (double)i / (numThresholds - 1);
        confusion = new ThresholdConfusion(thresholds);
    }

    /// <summary>The value the constrained rate must reach.</summary>
    protected double Value { get; }

    /// <summary>The number of thresholds (Keras default 200).</summary>
    public int NumThresholds { get; }

    /// <summary>Only this column (class) of the last axis is counted, if set.</summary>
    public int? ClassId { get; }

    /// <summary>The (constrained, dependent) rates at one threshold from its counts.</summary>
    private protected abstract (double Constrained, double Dependent) Rates(double truePositives, double falsePositives, double trueNegatives, double falseNegatives);

    /// <summary><paramref name="a"/> / <paramref name="b"/>, or 0 when <paramref name="b"/> is 0.</summary>
    private protected static double Ratio(double a, double b) => b == 0 ? 0.0 : a / b;

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) => confusion.Update(GetType().Name, yTrue, yPred, sampleWeight, ClassId);

    /// <inheritdoc/>
    public override double Result()
    {
        var (tp, fp, tn, fn) = confusion.Read();
        var best = 0.0;
        for (var i = 0; i < tp.Length; i++)
        {
            var (constrained, dependent) = Rates(tp[i], fp[i], tn[i], fn[i]);
            if (constrained >= Value) best = Math.Max(best, dependent);
        }
        return best;
    }

    /// <inheritdoc/>
    public override void ResetState() => confusion.Clear();

    /// <summary>
    /// The state: the weighted true positives at every threshold, then false positives, true negatives and false
    /// negatives (4 × <see cref="NumThresholds"/> values).
    /// </summary>
    protected internal override double[]? ExportState() => confusion.Export();

    /// <inheritdoc/>
    protected internal override void ImportState(ReadOnlySpan<double> state)
    {
        CheckStateLength(state, confusion.StateLength);
        confusion.Import(state);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["num_thresholds"] = NumThresholds, ["class_id"] = ClassId };
}
