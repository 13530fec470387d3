using KerasNet.Losses;
using KerasNet.Metrics;
using KerasNet.Optimizers;

namespace KerasNet.Training;

/// <summary>What Compile fixed: the optimizer, one loss per output with its weight, and the metrics per output.</summary>
internal sealed class CompiledState
{
    private readonly Metric[][] metrics;
    private readonly Metric[][] weightedMetrics;
    private bool resolved;

    internal CompiledState(Optimizer optimizer, IReadOnlyList<Loss> losses, IReadOnlyList<double> lossWeights,
                           IReadOnlyList<IReadOnlyList<Metric>> metrics, IReadOnlyList<IReadOnlyList<Metric>> weightedMetrics, IReadOnlyList<string> outputNames)
    {
        Optimizer = optimizer;
        Losses = losses;
        LossWeights = lossWeights;
        this.metrics = metrics.Select(m => m.ToArray()).ToArray();
        this.weightedMetrics = weightedMetrics.Select(m => m.ToArray()).ToArray();
        OutputNames = outputNames;
    }

    internal Optimizer Optimizer { get; }

    internal IReadOnlyList<Loss> Losses { get; }

    internal IReadOnlyList<double> LossWeights { get; }

    internal IReadOnlyList<string> OutputNames { get; }

    /// <summary>The metrics of each output (as resolved so far), for saving the compile settings.</summary>
    internal IReadOnlyList<IReadOnlyList<Metric>> MetricsPerOutput => metrics;

    /// <summary>The weighted metrics of each output, for saving the compile settings.</summary>
    internal IReadOnlyList<IReadOnlyList<Metric>> WeightedMetricsPerOutput => weightedMetrics;

    internal Mean LossTracker { get; } = new("loss");

    internal bool OptimizerBuilt { get; set; }

    /// <summary>Every metric with its displayed name (prefixed by the output name when there are several outputs).</summary>
    internal IEnumerable<Metric> AllMetrics => metrics.SelectMany(m => m).Concat(weightedMetrics.SelectMany(m => m));

    /// <summary>
    /// The total loss: weighted sum over outputs, plus the variables' regularization penalties and the losses the
    /// layers added during the forward pass (each summed, in float32).
    /// </summary>
    internal Tensor ComputeLoss(IReadOnlyList<Tensor> y, IReadOnlyList<Tensor> yPred, Tensor? sampleWeight, IReadOnlyList<Variable> regularized,
                                Tensor?[]? masks = null, IReadOnlyList<Tensor>? addedLosses = null)
    {
        if (y.Count != yPred.Count)
            throw new ArgumentException($"The model has {yPred.Count} output(s) but {y.Count} target(s) were given.");
        Tensor? total = null;
        yPred = Float32(yPred);
        for (var i = 0; i < yPred.Count; i++)
        {
            var loss = Losses[i].Compute(y[i], yPred[i], MaskWeights.ForLoss(sampleWeight, masks, i, Losses[i], yPred[i].dtype));
            var weighted = LossWeights[i] == 1.0 ? loss : loss * LossWeights[i];
            total = total is null ? weighted : total + weighted;
        }
        foreach (var variable in regularized)
            if (variable.Regularizer is not null)
                total = total! + variable.Regularizer.Call(variable.Value);
        foreach (var added in addedLosses ?? Array.Empty<Tensor>())
        {
            var value = added.dtype == ScalarType.Float32 ? added : added.to_type(ScalarType.Float32);
            total = total! + (value.dim() == 0 ? value : value.sum());
        }
        return total!;
    }

    /// <summary>Updates every metric with a batch (predictions detached, no autograd).</summary>
    internal void UpdateMetrics(IReadOnlyList<Tensor> y, IReadOnlyList<Tensor> yPred, Tensor? sampleWeight, Tensor?[]? masks = null)
    {
        if (!resolved)
        {
            for (var i = 0; i < metrics.Length; i++)
            {
                for (var j = 0; j < metrics[i].Length; j++) metrics[i][j] = Metric.Resolve(metrics[i][j], y[i], yPred[i]);
                for (var j = 0; j < weightedMetrics[i].Length; j++) weightedMetrics[i][j] = Metric.Resolve(weightedMetrics[i][j], y[i], yPred[i]);
                if (OutputNames.Count > 1)
                    foreach (var metric in metrics[i].Concat(weightedMetrics[i]))
                        if (!metric.Name.StartsWith(OutputNames[i] + "_", StringComparison.Ordinal)) metric.Name = $"{OutputNames[i]}_{metric.Name}";
            }
            resolved = true;
        }
        using var noGrad = torch.no_grad();
        yPred = Float32(yPred);
        for (var i = 0; i < metrics.Length; i++)
        {
            var mask = MaskWeights.ForMetric(null, masks, i, yPred[i].dtype);
            foreach (var metric in metrics[i]) metric.UpdateState(y[i], yPred[i], mask);
            var weight = MaskWeights.ForMetric(sampleWeight, masks, i, yPred[i].dtype);
            foreach (var metric in weightedMetrics[i]) metric.UpdateState(y[i], yPred[i], weight);
        }
    }

    // Losses and metrics are computed in float32 when a mixed policy's model returns half-precision predictions.
    private static IReadOnlyList<Tensor> Float32(IReadOnlyList<Tensor> yPred) =>
        yPred.Any(p => MixedPrecision.LayerAutocast.IsHalf(p.dtype)) ? yPred.Select(MixedPrecision.LayerAutocast.ToFloat32).ToArray() : yPred;

    internal void ResetMetrics()
    {
        LossTracker.ResetState();
        foreach (var metric in AllMetrics) metric.ResetState();
    }

    /// <summary>Current results: <c>loss</c> and each metric by name.</summary>
    internal Dictionary<string, double> Results()
    {
        var logs = new Dictionary<string, double>(StringComparer.Ordinal) { ["loss"] = LossTracker.Result() };
        foreach (var metric in AllMetrics) logs[metric.Name] = metric.Result();
        return logs;
    }

    /// <summary>The results as logs that read the metrics when a value is first asked for (see <see cref="DeferredLogs"/>).</summary>
    internal IReadOnlyDictionary<string, double> DeferredResults() => new DeferredLogs(Results);
}
