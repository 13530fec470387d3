using KerasNet.Models;

namespace KerasNet.Callbacks;

/// <summary>
/// Hooks into Fit, Evaluate and Predict. Logs are plain name → value maps (<c>loss</c>, <c>accuracy</c>,
/// <c>val_loss</c>...). Set <see cref="Model.StopTraining"/> to end Fit after the current batch (the epoch's
/// end-of-epoch work, validation and OnEpochEnd, still runs). A callback with state worth keeping across an
/// interrupted Fit implements <see cref="IStatefulCallback"/>.
/// </summary>
public abstract class Callback
{
    /// <summary>The model being trained (set before training begins).</summary>
    public Model? Model { get; internal set; }

    /// <summary>Fit's parameters: epochs, steps (per epoch, when known), verbose.</summary>
    public TrainingParameters Parameters { get; internal set; } = new(0, null, 0);

    /// <summary>The Fit call in progress (its loop progress and the points to save or restore it); null in Evaluate and Predict.</summary>
    public Training.TrainingRun? Run { get; internal set; }

    /// <summary>Start of Fit.</summary>
    public virtual void OnTrainBegin(IReadOnlyDictionary<string, double> logs) { }
    /// <summary>End of Fit.</summary>
    public virtual void OnTrainEnd(IReadOnlyDictionary<string, double> logs) { }
    /// <summary>Start of an epoch (0-based).</summary>
    public virtual void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs) { }
    /// <summary>End of an epoch, with training and validation results.</summary>
    public virtual void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) { }
    /// <summary>Start of a training batch.</summary>
    public virtual void OnTrainBatchBegin(int batch, IReadOnlyDictionary<string, double> logs) { }
    /// <summary>
    /// End of a training batch, with the running results of the epoch. The values are read from the metrics when first
    /// asked for: read or copy them during this call (after the next batch starts, unread logs throw).
    /// </summary>
    public virtual void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) { }
    /// <summary>Start of Evaluate (also validation inside Fit).</summary>
    public virtual void OnTestBegin(IReadOnlyDictionary<string, double> logs) { }
    /// <summary>End of Evaluate.</summary>
    public virtual void OnTestEnd(IReadOnlyDictionary<string, double> logs) { }
    /// <summary>Start of an evaluation batch.</summary>
    public virtual void OnTestBatchBegin(int batch, IReadOnlyDictionary<string, double> logs) { }
    /// <summary>End of an evaluation batch.</summary>
    public virtual void OnTestBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) { }
    /// <summary>Start of Predict.</summary>
    public virtual void OnPredictBegin(IReadOnlyDictionary<string, double> logs) { }
    /// <summary>End of Predict.</summary>
    public virtual void OnPredictEnd(IReadOnlyDictionary<string, double> logs) { }
    /// <summary>Start of a prediction batch.</summary>
    public virtual void OnPredictBatchBegin(int batch, IReadOnlyDictionary<string, double> logs) { }
    /// <summary>End of a prediction batch.</summary>
    public virtual void OnPredictBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) { }
}
