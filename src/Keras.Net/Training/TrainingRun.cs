using KerasNet.Callbacks;
using KerasNet.Models;

namespace KerasNet.Training;

/// <summary>
/// One Fit call as its callbacks see it (<see cref="Callback.Run"/>): the model, the callbacks, the loop's
/// <see cref="Progress"/>, and the points where the run is consistent enough to be saved or restored.
/// </summary>
/// <remarks>
/// The events fire after every callback has handled the matching hook, so a callback that saves the run (as
/// <see cref="BackupAndRestore"/> does) sees the other callbacks' state as they left it, whatever the callback order.
/// </remarks>
public sealed class TrainingRun
{
    internal TrainingRun(Model model, IReadOnlyList<Callback> callbacks)
    {
        Model = model;
        Callbacks = callbacks;
    }

    /// <summary>The model being trained.</summary>
    public Model Model { get; }

    /// <summary>The callbacks of the run, in call order.</summary>
    public IReadOnlyList<Callback> Callbacks { get; }

    /// <summary>Where the loop stands.</summary>
    public LoopProgress Progress { get; } = new();

    /// <summary>After every callback's OnTrainBegin, before the first epoch: the point to restore a saved run.</summary>
    public event EventHandler? Started;

    /// <summary>After every callback's OnTrainBatchEnd (the batch is counted in <see cref="Progress"/>).</summary>
    public event EventHandler? BatchCompleted;

    /// <summary>After every callback's OnEpochEnd (<see cref="Progress"/> points at the next epoch).</summary>
    public event EventHandler? EpochCompleted;

    /// <summary>
    /// The callbacks that keep state (<see cref="IStatefulCallback"/>), each with a key that names it across runs: its
    /// class name and its rank among the run's callbacks of that class (<c>EarlyStopping#0</c>).
    /// </summary>
    public IEnumerable<(string Key, IStatefulCallback Callback)> StatefulCallbacks()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var callback in Callbacks)
        {
            if (callback is not IStatefulCallback stateful) continue;
            var name = callback.GetType().Name;
            counts[name] = counts.TryGetValue(name, out var n) ? n + 1 : 1;
            yield return ($"{name}#{counts[name] - 1}", stateful);
        }
    }

    internal void RaiseStarted() => Started?.Invoke(this, EventArgs.Empty);

    internal void RaiseBatchCompleted() => BatchCompleted?.Invoke(this, EventArgs.Empty);

    internal void RaiseEpochCompleted() => EpochCompleted?.Invoke(this, EventArgs.Empty);
}
