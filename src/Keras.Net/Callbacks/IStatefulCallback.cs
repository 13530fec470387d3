namespace KerasNet.Callbacks;

/// <summary>
/// A callback whose progress (patience counters, best values, a copy of the best weights...) should survive an
/// interrupted Fit. Callbacks that save training (<see cref="BackupAndRestore"/>, or your own) find the stateful
/// callbacks of the run through <see cref="Training.TrainingRun.StatefulCallbacks"/>.
/// </summary>
public interface IStatefulCallback
{
    /// <summary>The state to keep. Its tensors stay the callback's: the caller writes them and does not dispose them.</summary>
    CallbackState GetState();

    /// <summary>
    /// Puts back a state taken by <see cref="GetState"/>, after the callback's <c>OnTrainBegin</c> has run. The tensors
    /// belong to the caller: keep copies. Throw an <see cref="ArgumentException"/> when the state does not fit.
    /// </summary>
    void SetState(CallbackState state);
}
