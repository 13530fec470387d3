namespace KerasNet.Callbacks;

/// <summary>Prints <c>Epoch 1/15</c> and a <see cref="Progbar"/> per epoch (added automatically by Fit when verbose).</summary>
public sealed class ProgbarLogger : Callback
{
    private readonly TextWriter? output;
    private readonly bool? isTerminal;
    private Progbar? bar;
    private int seen;
    private int? target;
    private bool inFit;

    /// <summary>Creates the logger, writing to the console (or to <paramref name="output"/>, for tests and logs).</summary>
    public ProgbarLogger(TextWriter? output = null, bool? isTerminal = null)
    {
        this.output = output;
        this.isTerminal = isTerminal;
    }

    private TextWriter Out => output ?? Console.Out;

    private Progbar NewBar(int? steps) => new(steps, Parameters.Verbose, output, isTerminal);

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs) => inFit = true;

    /// <inheritdoc/>
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs) => inFit = false;

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (Parameters.Verbose == 0) return;
        Out.WriteLine($"Epoch {epoch + 1}/{Parameters.Epochs}");
        seen = 0;
        target = Parameters.Steps;
        bar = NewBar(target);
    }

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
        seen = batch + 1;
        if (target is null || seen < target) bar?.Update(seen, () => Sorted(logs), finalize: false);
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        // The final line of the epoch carries validation results too.
        bar?.Update(seen, Sorted(logs), finalize: true);
        bar = null;
    }

    /// <inheritdoc/>
    public override void OnTestBegin(IReadOnlyDictionary<string, double> logs)
    {
        if (inFit || Parameters.Verbose == 0) return;
        seen = 0;
        target = Parameters.Steps;
        bar = NewBar(target);
    }

    /// <inheritdoc/>
    public override void OnTestBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
        if (inFit) return;
        seen = batch + 1;
        if (target is null || seen < target) bar?.Update(seen, () => Sorted(logs), finalize: false);
    }

    /// <inheritdoc/>
    public override void OnTestEnd(IReadOnlyDictionary<string, double> logs)
    {
        if (inFit) return;
        bar?.Update(seen, Sorted(logs), finalize: true);
        bar = null;
    }

    /// <inheritdoc/>
    public override void OnPredictBegin(IReadOnlyDictionary<string, double> logs)
    {
        if (Parameters.Verbose == 0) return;
        seen = 0;
        target = Parameters.Steps;
        bar = NewBar(target);
    }

    /// <inheritdoc/>
    public override void OnPredictBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
        seen = batch + 1;
        if (target is null || seen < target) bar?.Update(seen, Array.Empty<KeyValuePair<string, double>>(), finalize: false);
    }

    /// <inheritdoc/>
    public override void OnPredictEnd(IReadOnlyDictionary<string, double> logs)
    {
        bar?.Update(seen, Array.Empty<KeyValuePair<string, double>>(), finalize: true);
        bar = null;
    }

    private static List<KeyValuePair<string, double>> Sorted(IReadOnlyDictionary<string, double> logs) =>
        logs.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
}
