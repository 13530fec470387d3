using KerasNet.Callbacks;

namespace KerasNet.Plotting;

/// <summary>Turns a <see cref="History"/> into plot panels: loss first, then each metric, training and validation together.</summary>
internal static class HistoryPlot
{
    internal static IReadOnlyList<PlotPanel> Panels(History history, string title)
    {
        if (history.Epochs.Count == 0)
            throw new InvalidOperationException("History.Plot: nothing was recorded yet; call it on the History that Fit returned.");
        var x = history.Epochs.Select(e => (double)(e + 1)).ToArray();
        var names = history.Values.Keys.Select(k => k.StartsWith("val_", StringComparison.Ordinal) ? k[4..] : k).Distinct()
            .OrderBy(k => k == "loss" ? 0 : 1).ThenBy(k => k, StringComparer.Ordinal).ToList();
        return names.Select(name =>
        {
            var series = new List<PlotSeries>();
            if (history.Values.TryGetValue(name, out var train)) series.Add(new PlotSeries(name, x, train));
            if (history.Values.TryGetValue("val_" + name, out var validation) && validation.Count > 0)
            {
                // With validationFreq = f, validation ran at epochs f, 2f, ...: History does not record which.
                var every = Math.Max(1, x.Length / validation.Count);
                var at = validation.Count == x.Length ? x : Enumerable.Range(1, validation.Count).Select(i => x[Math.Min(x.Length - 1, i * every - 1)]).ToArray();
                series.Add(new PlotSeries("val_" + name, at, validation, Dashed: true));
            }
            return new PlotPanel(names.Count > 1 && name == names[0] ? $"{title}: {name}" : name, "epoch", name, series);
        }).ToList();
    }
}
