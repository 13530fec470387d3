namespace KerasNet.Metrics;

/// <summary>The best recall among the thresholds where the precision is at least <see cref="Precision"/>.</summary>
public sealed class RecallAtPrecision : SensitivitySpecificityBase
{
    /// <summary>Creates the metric.</summary>
    /// <param name="precision">The precision to reach, in [0, 1].</param>
    /// <param name="numThresholds">The number of thresholds (Keras default 200).</param>
    /// <param name="classId">Only this column (class) of the last axis is counted, if set.</param>
    /// <param name="name">The name in logs.</param>
    public RecallAtPrecision(double precision, int numThresholds = 200, int? classId = null, string name = "recall_at_precision") : base(precision, nameof(precision), numThresholds, classId, name) { }

    /// <summary>The precision to reach.</summary>
    public double Precision => Value;

    private protected override (double Constrained, double Dependent) Rates(double tp, double fp, double tn, double fn) => (Ratio(tp, tp + fp), Ratio(tp, tp + fn));

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["precision"] = Precision };
}
