using KerasNet.Models;

namespace KerasNet.Callbacks;

/// <summary>
/// The callbacks of one Fit/Evaluate/Predict call, dispatched in order. It adds <see cref="History"/> (for Fit) and a
/// <see cref="ProgbarLogger"/> (when verbose) if the user did not give them.
/// </summary>
public sealed class CallbackList : Callback
{
    private readonly List<Callback> callbacks;

    /// <summary>Creates the list.</summary>
    public CallbackList(IEnumerable<Callback>? callbacks, Model model, TrainingParameters parameters, bool addHistory, bool addProgbar)
    {
        this.callbacks = callbacks?.ToList() ?? new List<Callback>();
        if (addHistory && !this.callbacks.OfType<History>().Any()) this.callbacks.Add(new History());
        if (addProgbar && parameters.Verbose > 0 && !this.callbacks.OfType<ProgbarLogger>().Any()) this.callbacks.Insert(0, new ProgbarLogger());
        // BackupAndRestore runs last: it restores the other callbacks' state after their OnTrainBegin reset it, and
        // backs it up after their OnEpochEnd updated it.
        var backups = this.callbacks.OfType<BackupAndRestore>().ToList();
        this.callbacks.RemoveAll(c => c is BackupAndRestore);
        this.callbacks.AddRange(backups);
        foreach (var backup in backups) backup.Siblings = this.callbacks;
        Model = model;
        Parameters = parameters;
        foreach (var callback in this.callbacks)
        {
            callback.Model = model;
            callback.Parameters = parameters;
        }
    }

    /// <summary>The callbacks, in call order.</summary>
    public IReadOnlyList<Callback> Callbacks => callbacks;

    /// <summary>The History callback, if any.</summary>
    public History? History => callbacks.OfType<History>().FirstOrDefault();

    /// <summary>The epoch at which a restored backup resumes training (after OnTrainBegin), or null.</summary>
    internal int? ResumeEpoch => callbacks.OfType<BackupAndRestore>().Select(b => b.ResumeEpoch).FirstOrDefault(e => e is not null);

    /// <summary>Skips the batches of <paramref name="epoch"/> that a restored mid-epoch backup had already trained on; returns how many.</summary>
    internal int SkipResumedBatches(int epoch, IEnumerator<Data.Batch> batches) =>
        callbacks.OfType<BackupAndRestore>().Select(b => b.SkipResumedBatches(epoch, batches)).FirstOrDefault(n => n > 0);

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs) { foreach (var c in callbacks) c.OnTrainBegin(logs); }
    /// <inheritdoc/>
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs) { foreach (var c in callbacks) c.OnTrainEnd(logs); }
    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs) { foreach (var c in callbacks) c.OnEpochBegin(epoch, logs); }
    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) { foreach (var c in callbacks) c.OnEpochEnd(epoch, logs); }
    /// <inheritdoc/>
    public override void OnTrainBatchBegin(int batch, IReadOnlyDictionary<string, double> logs) { foreach (var c in callbacks) c.OnTrainBatchBegin(batch, logs); }
    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) { foreach (var c in callbacks) c.OnTrainBatchEnd(batch, logs); }
    /// <inheritdoc/>
    public override void OnTestBegin(IReadOnlyDictionary<string, double> logs) { foreach (var c in callbacks) c.OnTestBegin(logs); }
    /// <inheritdoc/>
    public override void OnTestEnd(IReadOnlyDictionary<string, double> logs) { foreach (var c in callbacks) c.OnTestEnd(logs); }
    /// <inheritdoc/>
    public override void OnTestBatchBegin(int batch, IReadOnlyDictionary<string, double> logs) { foreach (var c in callbacks) c.OnTestBatchBegin(batch, logs); }
    /// <inheritdoc/>
    public override void OnTestBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) { foreach (var c in callbacks) c.OnTestBatchEnd(batch, logs); }
    /// <inheritdoc/>
    public override void OnPredictBegin(IReadOnlyDictionary<string, double> logs) { foreach (var c in callbacks) c.OnPredictBegin(logs); }
    /// <inheritdoc/>
    public override void OnPredictEnd(IReadOnlyDictionary<string, double> logs) { foreach (var c in callbacks) c.OnPredictEnd(logs); }
    /// <inheritdoc/>
    public override void OnPredictBatchBegin(int batch, IReadOnlyDictionary<string, double> logs) { foreach (var c in callbacks) c.OnPredictBatchBegin(batch, logs); }
    /// <inheritdoc/>
    public override void OnPredictBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) { foreach (var c in callbacks) c.OnPredictBatchEnd(batch, logs); }
}
