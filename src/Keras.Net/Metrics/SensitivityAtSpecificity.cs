namespace KerasNet.Metrics;

/// <summary>The best sensitivity (recall) among the thresholds where the specificity is at least <see cref="Specificity"/>.</summary>
public sealed class SensitivityAtSpecificity : SensitivitySpecificityBase
{
    /// <summary>Creates the metric.</summary>
    /// <param name="specificity">The specificity to reach, in [0, 1].</param>
    /// <param name="numThresholds">The number of thresholds (Keras default 200).</param>
    /// <param name="classId">Only this column (class) of the last axis is counted, if set.</param>
    /// <param name="name">The name in logs.</param>
    public SensitivityAtSpecificity(double specificity, int numThresholds = 200, int? classId = null, string name = "sensitivity_at_specificity") : base(specificity, nameof(specificity), numThresholds, classId, name) { }

    /// <summary>The specificity to reach.</summary>
    public double Specificity => Value;

    private protected override (double Constrained, double Dependent) Rates(double tp, double fp, double tn, double fn) => (Ratio(tn, tn + fp), Ratio(tp, tp + fn));

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["specificity"] = Specificity };
}
