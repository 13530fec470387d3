using KerasNet.Metrics;

namespace KerasNet.Models;

// Keras's model.metrics, metrics_names and reset_metrics(): the loss tracker and the compiled metrics, whose names are
// the keys of the logs that Fit and Evaluate report.
public partial class Model
{
    /// <summary>The metrics that Fit and Evaluate update: the loss tracker, then each compiled metric (empty before Compile).</summary>
    public IReadOnlyList<Metric> Metrics =>
        compiled is null ? Array.Empty<Metric>() : compiled.AllMetrics.Prepend(compiled.LossTracker).ToList();

    /// <summary>The names of <see cref="Metrics"/>: the keys of the logs (<c>loss</c>, <c>accuracy</c>, ...).</summary>
    public IReadOnlyList<string> MetricsNames => Metrics.Select(m => m.Name).ToList();

    /// <summary>Resets the state of every metric in <see cref="Metrics"/> (Fit and Evaluate do this at their start).</summary>
    public void ResetMetrics() => compiled?.ResetMetrics();
}
