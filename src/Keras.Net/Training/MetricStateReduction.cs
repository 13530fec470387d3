using KerasNet.Distributed;
using KerasNet.Metrics;

namespace KerasNet.Training;

/// <summary>
/// Makes the logs of a data-parallel Fit or Evaluate those of one process over all the data: the state of the loss
/// tracker and of every compiled metric (<see cref="Metric.ExportState"/>) is added across the processes in one
/// all-reduce, and each result is computed from the sum. The local accumulators are left as they are (the sum is
/// imported for the result, then the local state is put back), so reducing after every batch counts nothing twice.
/// </summary>
/// <remarks>
/// Values that have no additive state (a custom metric that does not override <see cref="Metric.ExportState"/>, a
/// value a custom TrainStep adds to the logs) travel in the same all-reduce and come back as the average of the
/// processes' values, weighted by the weight each process gives (its number of samples in evaluation, 1 in training).
/// </remarks>
internal static class MetricStateReduction
{
    /// <summary>
    /// The global logs. <paramref name="logs"/> are this process's logs (their keys must be the same on every
    /// process); keys named after a metric with an additive state get that metric's global result.
    /// <paramref name="agreeOnLengths"/>: first exchange the lengths of the states whose length depends on the data
    /// (F1Score's class count), for when a process may have seen no data (an evaluation shard can be empty).
    /// </summary>
    internal static Dictionary<string, double> Reduce(CompiledState state, IReadOnlyDictionary<string, double> logs, double weight,
                                                      IDistributionContext distribution, bool agreeOnLengths)
    {
        var metrics = new List<Metric> { state.LossTracker };
        metrics.AddRange(state.AllMetrics);
        var local = metrics.Select(m => m.ExportState()).ToArray();
        var shared = agreeOnLengths && metrics.Any(m => m.StateLengthDependsOnData) ? AgreeOnLengths(metrics, local, distribution) : local;

        var keys = logs.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var payload = new List<double>(shared.Sum(s => s?.Length ?? 0) + keys.Length + 1);
        foreach (var s in shared) if (s is not null) payload.AddRange(s);
        var averagedFrom = payload.Count;
        // A process without data (weight 0) adds nothing, even where its value is NaN.
        foreach (var key in keys) payload.Add(weight == 0 ? 0.0 : logs[key] * weight);
        payload.Add(weight);
        var sum = distribution.AllReduceSum(payload.ToArray());
        if (sum.Length != payload.Count)
            throw new InvalidOperationException($"The distribution returned {sum.Length} values for an all-reduce of {payload.Count}.");

        var global = new Dictionary<string, double>(StringComparer.Ordinal);
        var offset = 0;
        for (var i = 0; i < metrics.Count; i++)
        {
            if (shared[i] is not { } s) continue;
            var reduced = new ReadOnlySpan<double>(sum, offset, s.Length);
            offset += s.Length;
            // No process accumulated anything (e.g. a custom TrainStep that does not update this metric): keep the
            // averaged value of the logs rather than a result computed from an empty state.
            if (!reduced.ContainsAnyExcept(0.0)) continue;
            var metric = metrics[i];
            metric.ImportState(reduced);
            try
            {
                global[metric.Name] = metric.Result();
            }
            finally
            {
                metric.ImportState(local[i]);
            }
        }

        var totalWeight = sum[^1];
        var result = new Dictionary<string, double>(logs.Count, StringComparer.Ordinal);
        foreach (var (key, value) in logs)
            result[key] = global.TryGetValue(key, out var exact) ? exact
                : totalWeight > 0 ? sum[averagedFrom + Array.IndexOf(keys, key)] / totalWeight
                : value;
        return result;
    }

    /// <summary>
    /// The states with every data-dependent length made equal across processes (an empty state becomes zeros of the
    /// length the other processes have); every process throws the same error if two non-empty lengths differ.
    /// </summary>
    private static double[]?[] AgreeOnLengths(List<Metric> metrics, double[]?[] states, IDistributionContext distribution)
    {
        var lengths = states.Select(s => (long)(s?.Length ?? 0)).ToArray();
        var all = distribution.AllGather(lengths);
        var result = (double[]?[])states.Clone();
        for (var i = 0; i < metrics.Count; i++)
        {
            if (states[i] is null) continue;
            var seen = Enumerable.Range(0, distribution.WorldSize).Select(r => all[r * lengths.Length + i]).Where(n => n > 0).Distinct().ToArray();
            if (seen.Length > 1)
                throw new InvalidOperationException(
                    $"Metric '{metrics[i].Name}' ({metrics[i].GetType().Name}) has states of different lengths on different processes " +
                    $"({string.Join(", ", seen)} values): the processes saw predictions with different numbers of classes. Give every process data of the same shape.");
            if (seen.Length == 1 && states[i]!.Length == 0) result[i] = new double[seen[0]];
        }
        return result;
    }
}
