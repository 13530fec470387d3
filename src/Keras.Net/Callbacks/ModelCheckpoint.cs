namespace KerasNet.Callbacks;

/// <summary>
/// Saves the model's weights during training, at the end of every epoch or every N batches, optionally only when a
/// monitored quantity improves. The file name is a template formatted like Python's <c>str.format</c> with
/// <c>epoch</c> (1-based, as Keras), <c>batch</c> (1-based, when saving every N batches) and every log value:
/// <c>"ckpt-{epoch:02d}-{val_loss:.2f}.weights.safetensors"</c> gives <c>ckpt-03-0.41.weights.safetensors</c>.
/// Fields may carry a format spec (<c>{epoch:03d}</c>, <c>{loss:.4f}</c>, <c>{loss:.2e}</c>, <c>{accuracy:.1%}</c>).
/// </summary>
/// <remarks>
/// Files are written to a temporary name renamed into place, so a run killed mid-save keeps the previous checkpoint.
/// Keras's default <c>saveWeightsOnly: false</c> saves the whole model (architecture, weights, compile settings and
/// optimizer state) with <see cref="Models.Model.Save"/> (conventionally <c>.keras</c>); <c>saveWeightsOnly: true</c>
/// saves the weights with <see cref="Models.Model.SaveWeights"/>.
/// </remarks>
public sealed class ModelCheckpoint : Callback, IStatefulCallback
{
    private readonly int verbose;
    private readonly bool saveBestOnly;
    private readonly bool saveWeightsOnly;
    private readonly bool maximize;
    private int currentEpoch;
    private int batchesSinceSave;
    private int lastBatchSeen;

    /// <summary>Creates the callback (Keras's arguments and defaults).</summary>
    /// <param name="filepath">The file name template (see the class summary); folders are created as needed.</param>
    /// <param name="monitor">The log value compared when <paramref name="saveBestOnly"/>.</param>
    /// <param name="verbose">1 prints a line at each save (and at each epoch that does not improve).</param>
    /// <param name="saveBestOnly">Save only when <paramref name="monitor"/> improves on the best value so far.</param>
    /// <param name="saveWeightsOnly">Save only the weights (a safetensors file) instead of the whole model archive.</param>
    /// <param name="mode">Whether lower or higher is better; <see cref="MonitorMode.Auto"/> infers it from the name.</param>
    /// <param name="saveFreq"><c>"epoch"</c> (default) or a number of batches.</param>
    /// <param name="initialValueThreshold">With <paramref name="saveBestOnly"/>, the value to beat for the first save.</param>
    /// <exception cref="ArgumentException">The mode cannot be inferred.</exception>
    public ModelCheckpoint(string filepath, string monitor = "val_loss", int verbose = 0, bool saveBestOnly = false, bool saveWeightsOnly = false,
                           MonitorMode mode = MonitorMode.Auto, SaveFrequency saveFreq = default, double? initialValueThreshold = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(filepath);
        ArgumentNullException.ThrowIfNull(monitor);
        this.saveWeightsOnly = saveWeightsOnly;
        Filepath = filepath;
        Monitor = monitor;
        this.verbose = verbose;
        this.saveBestOnly = saveBestOnly;
        SaveFreq = saveFreq;
        maximize = saveBestOnly && Monitoring.Maximize(monitor, mode, nameof(ModelCheckpoint));
        Best = initialValueThreshold ?? (maximize ? double.NegativeInfinity : double.PositiveInfinity);
    }

    /// <summary>The file name template.</summary>
    public string Filepath { get; }

    /// <summary>The log value compared for <c>saveBestOnly</c>.</summary>
    public string Monitor { get; }

    /// <summary>When files are written.</summary>
    public SaveFrequency SaveFreq { get; }

    /// <summary>The best value so far (starts at the initial threshold, or ±infinity).</summary>
    public double Best { get; private set; }

    /// <summary>The path of the last file written, if any.</summary>
    public string? LastSavedPath { get; private set; }

    /// <summary>Where verbose messages go (stdout when null).</summary>
    internal TextWriter? Output { get; set; }

    /// <summary>Where warnings go (stderr when null).</summary>
    internal TextWriter? Errors { get; set; }

    /// <summary>The file name for an epoch (0-based, written 1-based), an optional batch (0-based) and the logs.</summary>
    /// <exception cref="KeyNotFoundException">The template names a value that is not in the logs.</exception>
    /// <exception cref="FormatException">The template is malformed.</exception>
    public string FormatPath(int epoch, int? batch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in logs) values[key] = value;
        values["epoch"] = epoch + 1;
        if (batch is { } b && !logs.ContainsKey("batch")) values["batch"] = b + 1;
        try
        {
            return PythonFormat.Format(Filepath, values);
        }
        catch (KeyNotFoundException e)
        {
            throw new KeyNotFoundException($"ModelCheckpoint: failed to format the filepath \"{Filepath}\": {e.Message}", e);
        }
        catch (FormatException e)
        {
            throw new FormatException($"ModelCheckpoint: failed to format the filepath \"{Filepath}\": {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs)
    {
        batchesSinceSave = 0;
        lastBatchSeen = 0;
    }

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs) => currentEpoch = epoch;

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
        if (SaveFreq.IsEpoch) return;
        // A batch index that does not grow means a new epoch began.
        batchesSinceSave += batch <= lastBatchSeen ? batch + 1 : batch - lastBatchSeen;
        lastBatchSeen = batch;
        if (batchesSinceSave < SaveFreq.Batches) return;
        batchesSinceSave = 0;
        Save(currentEpoch, batch, logs);
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (SaveFreq.IsEpoch) Save(epoch, null, logs);
    }

    private void Save(int epoch, int? batch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var model = Monitoring.RequireModel(this);
        var path = FormatPath(epoch, batch, logs);
        var output = Output ?? Console.Out;
        if (Directory.Exists(path))
            throw new IOException($"ModelCheckpoint: the filepath \"{path}\" is an existing folder; give a file name, e.g. \"{Path.Combine(path, "ckpt.weights.safetensors")}\".");
        if (saveBestOnly)
        {
            if (!logs.TryGetValue(Monitor, out var current))
            {
                (Errors ?? Console.Error).WriteLine($"Warning: Can save best model only with {Monitor} available, skipping. Available metrics are: {string.Join(",", logs.Keys)}.");
                return;
            }
            if (!(maximize ? current > Best : current < Best))
            {
                if (verbose > 0) output.WriteLine($"\nEpoch {epoch + 1}: {Monitor} did not improve from {Fixed5(Best)}");
                return;
            }
            if (verbose > 0) output.WriteLine($"\nEpoch {epoch + 1}: {Monitor} improved from {Fixed5(Best)} to {Fixed5(current)}, saving model to {path}");
            Best = current;
        }
        else if (verbose > 0)
        {
            output.WriteLine($"\nEpoch {epoch + 1}: saving model to {path}");
        }
        if (saveWeightsOnly) model.SaveWeights(path);
        else model.Save(path);
        LastSavedPath = path;
    }

    /// <inheritdoc/>
    public CallbackState GetState() =>
        new(new Dictionary<string, double> { ["best"] = Best, ["batches_since_save"] = batchesSinceSave, ["last_batch_seen"] = lastBatchSeen });

    /// <inheritdoc/>
    public void SetState(CallbackState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var values = state.Values;
        if (values.TryGetValue("best", out var best) && !double.IsNaN(best)) Best = best;
        batchesSinceSave = (int)values.GetValueOrDefault("batches_since_save");
        lastBatchSeen = (int)values.GetValueOrDefault("last_batch_seen");
    }

    private static string Fixed5(double value) => PythonFormat.Format("{v:.5f}", new Dictionary<string, object> { ["v"] = value });
}
