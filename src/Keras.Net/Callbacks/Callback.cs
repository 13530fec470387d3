using KerasNet.Models;

namespace KerasNet.Callbacks;

/// <summary>
/// Hooks into Fit, Evaluate and Predict. Logs are plain name → value maps (<c>loss</c>, <c>accuracy</c>,
/// <c>val_loss</c>...). Set <see cref="Model.StopTraining"/> to end Fit after the current epoch.
/// </summary>
public abstract class Callback
{
    /// <summary>The model being trained (set before training begins).</summary>
    public Model? Model { get; internal set; }

    /// <summary>Fit's parameters: epochs, steps (per epoch, when known), verbose.</summary>
    public TrainingParameters Parameters { get; internal set; } = new(0, null, 0);

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
    /// <summary>End of a training batch, with the running results of the epoch.</summary>
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

    /// <summary>
    /// The callback's progress (patience counters, best values...) for <see cref="BackupAndRestore"/>, or null if it
    /// has none worth keeping. Names map to numbers; use NaN for "none yet".
    /// </summary>
    public virtual IReadOnlyDictionary<string, double>? GetState() => null;

    /// <summary>Restores what <see cref="GetState"/> returned (called by BackupAndRestore after OnTrainBegin).</summary>
    public virtual void SetState(IReadOnlyDictionary<string, double> state) { }

    /// <summary>
    /// The callback's tensors worth keeping in a <see cref="BackupAndRestore"/> backup (EarlyStopping's copy of the best
    /// weights), by name, or null if it holds none. BackupAndRestore writes them and does not dispose them.
    /// </summary>
    public virtual IReadOnlyDictionary<string, Tensor>? GetStateTensors() => null;

    /// <summary>
    /// Restores what <see cref="GetStateTensors"/> returned (called by BackupAndRestore after <see cref="SetState"/>).
    /// The tensors belong to the caller: keep copies. Throw an <see cref="ArgumentException"/> when they do not fit.
    /// </summary>
    public virtual void SetStateTensors(IReadOnlyDictionary<string, Tensor> tensors) { }
}

/// <summary>What Fit tells callbacks about the run.</summary>
/// <param name="Epochs">The number of epochs.</param>
/// <param name="Steps">Batches per epoch, when known.</param>
/// <param name="Verbose">0 silent, 1 progress bar, 2 one line per epoch.</param>
public sealed record TrainingParameters(int Epochs, int? Steps, int Verbose);
