namespace KerasNet.Metrics;

/// <summary>The best precision among the thresholds where the recall is at least <see cref="Recall"/>.</summary>
public sealed class PrecisionAtRecall : SensitivitySpecificityBase
{
    /// <summary>Creates the metric.</summary>
    /// <param name="recall">The recall to reach, in [0, 1].</param>
    /// <param name="numThresholds">The number of thresholds (Keras default 200).</param>
    /// <param name="classId">Only this column (class) of the last axis is counted, if set.</param>
    /// <param name="name">The name in logs.</param>
    public PrecisionAtRecall(double recall, int numThresholds = 200, int? classId = null, string name = "precision_at_recall") : base(recall, nameof(recall), numThresholds, classId, name) { }

    /// <summary>The recall to reach.</summary>
    public double Recall => Value;

    private protected override (double Constrained, double Dependent) Rates(double tp, double fp, double tn, double fn) => (Ratio(tp, tp + fn), Ratio(tp, tp + fp));

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["recall"] = Recall };
}
