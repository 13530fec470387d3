namespace KerasNet.Metrics;

/// <summary>The best specificity among the thresholds where the sensitivity (recall) is at least <see cref="Sensitivity"/>.</summary>
public sealed class SpecificityAtSensitivity : SensitivitySpecificityBase
{
    /// <summary>Creates the metric.</summary>
    /// <param name="sensitivity">The sensitivity to reach, in [0, 1].</param>
    /// <param name="numThresholds">The number of thresholds (Keras default 200).</param>
    /// <param name="classId">Only this column (class) of the last axis is counted, if set.</param>
    /// <param name="name">The name in logs.</param>
    public SpecificityAtSensitivity(double sensitivity, int numThresholds = 200, int? classId = null, string name = "specificity_at_sensitivity") : base(sensitivity, nameof(sensitivity), numThresholds, classId, name) { }

    /// <summary>The sensitivity to reach.</summary>
    public double Sensitivity => Value;

    private protected override (double Constrained, double Dependent) Rates(double tp, double fp, double tn, double fn) => (Ratio(tp, tp + fn), Ratio(tn, tn + fp));

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["sensitivity"] = Sensitivity };
}
