
namespace KerasNet.Callbacks;

/// <summary>
/// Stops training when a monitored quantity has stopped improving, with Keras's semantics: at each epoch's end from
/// <c>startFromEpoch</c> on, an epoch counts as an improvement when it beats the best value so far by more
/// than <c>minDelta</c>; after <c>patience</c> epochs in a row without one, training stops. With a
/// <c>baseline</c>, the count is only reset by epochs that also beat the baseline, so training stops after
/// <c>patience</c> epochs if the baseline is never reached.
/// </summary>
public sealed class EarlyStopping : Callback, IStatefulCallback, IDisposable
{
    private readonly bool maximize;
    private readonly double minDelta;
    private readonly int patience;
    private readonly int verbose;
    private readonly double? baseline;
    private readonly bool restoreBestWeights;
    private readonly int startFromEpoch;
    private Tensor[]? bestWeights;

    /// <summary>Creates the callback (Keras's arguments and defaults).</summary>
    /// <param name="monitor">The log value to watch, e.g. <c>val_loss</c> (the default) or <c>val_accuracy</c>.</param>
    /// <param name="minDelta">The smallest change that counts as an improvement (its absolute value is used).</param>
    /// <param name="patience">Epochs without improvement after which training stops.</param>
    /// <param name="verbose">1 prints a line when training stops and when weights are restored.</param>
    /// <param name="mode">Whether lower or higher is better; <see cref="MonitorMode.Auto"/> infers it from the name.</param>
    /// <param name="baseline">A value the monitored quantity must beat for an epoch to reset the patience count.</param>
    /// <param name="restoreBestWeights">
    /// At the end of training, set the weights to those of the best epoch (a copy is kept in host memory, taken at each
    /// improvement). The best epoch is the one with the best value even when it did not beat the baseline.
    /// </param>
    /// <param name="startFromEpoch">Epochs (from 0) to ignore before watching, e.g. a warm-up.</param>
    /// <remarks>A missing <paramref name="monitor"/> in the logs prints a warning on stderr listing the available keys and the epoch is ignored.</remarks>
    public EarlyStopping(string monitor = "val_loss", double minDelta = 0, int patience = 0, int verbose = 0,
                         MonitorMode mode = MonitorMode.Auto, double? baseline = null, bool restoreBestWeights = false,
                         int startFromEpoch = 0)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        if (patience < 0) throw new ArgumentOutOfRangeException(nameof(patience), patience, "EarlyStopping: patience must be >= 0.");
        if (startFromEpoch < 0) throw new ArgumentOutOfRangeException(nameof(startFromEpoch), startFromEpoch, "EarlyStopping: startFromEpoch must be >= 0.");
        if (double.IsNaN(minDelta)) throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "EarlyStopping: minDelta must be a number.");
        Monitor = monitor;
        maximize = Monitoring.Maximize(monitor, mode, nameof(EarlyStopping));
        this.minDelta = Math.Abs(minDelta);
        this.patience = patience;
        this.verbose = verbose;
        this.baseline = baseline;
        this.restoreBestWeights = restoreBestWeights;
        this.startFromEpoch = startFromEpoch;
    }

    /// <summary>The log value watched.</summary>
    public string Monitor { get; }

    /// <summary>Epochs without improvement so far.</summary>
    public int Wait { get; private set; }

    /// <summary>The epoch (0-based) at which training was stopped, or 0 if it was not.</summary>
    public int StoppedEpoch { get; private set; }

    /// <summary>The best value seen so far (null before the first watched epoch).</summary>
    public double? Best { get; private set; }

    /// <summary>The epoch (0-based) of <see cref="Best"/>.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Where verbose messages go (stdout when null).</summary>
    internal TextWriter? Output { get; set; }

    /// <summary>Where warnings go (stderr when null).</summary>
    internal TextWriter? Errors { get; set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs)
    {
        Wait = 0;
        StoppedEpoch = 0;
        Best = null;
        BestEpoch = 0;
        ReleaseBestWeights();
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var current = Monitoring.Read(logs, Monitor, "Early stopping", Errors);
        if (current is null || epoch < startFromEpoch) return;
        if (restoreBestWeights && bestWeights is null)
        {
            // Until an epoch improves, the weights of the first watched epoch are the best known.
            bestWeights = Monitoring.RequireModel(this).CopyWeightsToHost();
            BestEpoch = epoch;
        }
        Wait++;
        if (IsImprovement(current.Value, Best))
        {
            Best = current.Value;
            BestEpoch = epoch;
            if (restoreBestWeights)
            {
                ReleaseBestWeights();
                bestWeights = Monitoring.RequireModel(this).CopyWeightsToHost();
            }
            if (baseline is null || IsImprovement(current.Value, baseline)) Wait = 0;
            return;
        }
        if (Wait >= patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            Monitoring.RequireModel(this).StopTraining = true;
        }
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs)
    {
        var output = Output ?? Console.Out;
        if (StoppedEpoch > 0 && verbose > 0) output.WriteLine($"Epoch {StoppedEpoch + 1}: early stopping");
        if (restoreBestWeights && bestWeights is not null)
        {
            if (verbose > 0) output.WriteLine($"Restoring model weights from the end of the best epoch: {BestEpoch + 1}.");
            Monitoring.RequireModel(this).AssignWeights(bestWeights);
            ReleaseBestWeights();
        }
    }

    /// <inheritdoc/>
    /// <remarks>The patience counter, the best value and epoch, and (with <c>restoreBestWeights</c>) the copy of the best
    /// weights, named <c>best_weights/00000</c>, ... in model order.</remarks>
    public CallbackState GetState() => new(
        new Dictionary<string, double>
        {
            ["wait"] = Wait, ["stopped_epoch"] = StoppedEpoch, ["best"] = Best ?? double.NaN, ["best_epoch"] = BestEpoch,
        },
        bestWeights?.Select((w, i) => (Name: BestWeightName(i), Weight: w)).ToDictionary(p => p.Name, p => p.Weight, StringComparer.Ordinal));

    /// <inheritdoc/>
    public void SetState(CallbackState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var values = state.Values;
        Wait = (int)values.GetValueOrDefault("wait");
        StoppedEpoch = (int)values.GetValueOrDefault("stopped_epoch");
        Best = values.TryGetValue("best", out var best) && !double.IsNaN(best) ? best : null;
        BestEpoch = (int)values.GetValueOrDefault("best_epoch");
        if (restoreBestWeights && state.Tensors.Count > 0) RestoreBestWeights(state.Tensors);
    }

    private void RestoreBestWeights(IReadOnlyDictionary<string, Tensor> tensors)
    {
        var weights = Monitoring.RequireModel(this).Weights;
        if (tensors.Count != weights.Count)
            throw new ArgumentException($"EarlyStopping: the backup holds {tensors.Count} best weights but model '{Monitoring.RequireModel(this).Name}' has {weights.Count}.", nameof(tensors));
        var copies = new Tensor[weights.Count];
        for (var i = 0; i < copies.Length; i++)
        {
            if (!tensors.TryGetValue(BestWeightName(i), out var saved))
                throw new ArgumentException($"EarlyStopping: the backup lacks '{BestWeightName(i)}'.", nameof(tensors));
            if (!saved.shape.SequenceEqual(weights[i].Shape))
                throw new ArgumentException($"EarlyStopping: best weight {i} ('{weights[i].Path}') has shape {Shape.Format(saved.shape)} in the backup and {Shape.Format(weights[i].Shape)} in the model.", nameof(tensors));
            copies[i] = saved.clone().DetachFromDisposeScope();
        }
        ReleaseBestWeights();
        bestWeights = copies;
    }

    private static string BestWeightName(int index) => $"best_weights/{index.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Frees the copy of the best weights, if one is held.</summary>
    public void Dispose() => ReleaseBestWeights();

    private bool IsImprovement(double value, double? reference)
    {
        if (reference is not { } r) return true;
        return maximize ? value - minDelta > r : value + minDelta < r;
    }

    private void ReleaseBestWeights()
    {
        if (bestWeights is null) return;
        foreach (var t in bestWeights) t.Dispose();
        bestWeights = null;
    }
}
