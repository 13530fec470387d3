namespace KerasNet.Callbacks;

/// <summary>Records every epoch's logs; Fit returns it.</summary>
public sealed class History : Callback
{
    private readonly Dictionary<string, List<double>> history = new(StringComparer.Ordinal);
    private readonly List<int> epochs = new();

    /// <summary>The values of each log key, one per epoch (e.g. <c>History["val_accuracy"]</c>).</summary>
    public IReadOnlyDictionary<string, List<double>> Values => history;

    /// <summary>The epochs recorded (0-based).</summary>
    public IReadOnlyList<int> Epochs => epochs;

    /// <summary>The values of one log key.</summary>
    public IReadOnlyList<double> this[string key] => history.TryGetValue(key, out var values)
        ? values
        : throw new KeyNotFoundException($"History has no '{key}'. Recorded: {string.Join(", ", history.Keys)}.");

    /// <summary>
    /// Writes the training curves as an SVG image (open it in a browser): one chart per quantity (loss, then each
    /// metric), the training values as solid lines and the validation values (<c>val_</c> keys) dashed, against the
    /// epoch (1-based). The file is written atomically.
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing was recorded yet.</exception>
    public void Plot(string path, string title = "Training history") =>
        Plotting.SvgLinePlot.Write(path, Plotting.HistoryPlot.Panels(this, title));

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs)
    {
        history.Clear();
        epochs.Clear();
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        epochs.Add(epoch);
        foreach (var (key, value) in logs)
        {
            if (!history.TryGetValue(key, out var values)) history[key] = values = new List<double>();
            values.Add(value);
        }
    }
}
