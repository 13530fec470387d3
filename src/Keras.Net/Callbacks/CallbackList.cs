using KerasNet.Models;
using KerasNet.Training;

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
        Model = model;
        Parameters = parameters;
        foreach (var callback in this.callbacks)
        {
            callback.Model = model;
            callback.Parameters = parameters;
            callback.Run = null;
        }
    }

    /// <summary>The callbacks, in call order.</summary>
    public IReadOnlyList<Callback> Callbacks => callbacks;

    /// <summary>The History callback, if any.</summary>
    public History? History => callbacks.OfType<History>().FirstOrDefault();

    /// <summary>Starts a Fit: a new <see cref="TrainingRun"/> that every callback sees as its <see cref="Callback.Run"/>.</summary>
    internal TrainingRun StartRun()
    {
        var run = new TrainingRun(Model!, callbacks);
        Run = run;
        foreach (var callback in callbacks) callback.Run = run;
        return run;
    }

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
