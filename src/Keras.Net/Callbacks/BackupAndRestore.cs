using System.Globalization;
using System.Text.Json;
using KerasNet.Distributed;
using KerasNet.Saving;

namespace KerasNet.Callbacks;

/// <summary>
/// Makes Fit survive being killed, as Keras's <c>BackupAndRestore</c>: at the end of every epoch (or every N
/// batches) it writes one file in <c>backupDir</c> holding the weights, the optimizer state, the epoch (and batch),
/// libtorch's CPU random generator state and the other callbacks' state (<see cref="Callback.GetState"/>, and tensors such as EarlyStopping's best weights: <see cref="Callback.GetStateTensors"/>). When Fit
/// starts and that file exists, everything is restored and training resumes where the backup was taken, so a run
/// that is killed and restarted ends with exactly the weights of an uninterrupted run (same seed, CPU). The file is
/// written atomically (a kill during the write leaves the previous backup) and deleted when training ends.
/// </summary>
/// <remarks>
/// A mid-epoch resume replays the data order of the interrupted epoch (it restores the generator state of the
/// epoch's start, skips the batches already trained on, then restores the later state), which is exact for data
/// sources that draw their randomness when the epoch's batches are first requested (the in-memory tensor source).
/// <para>Under a distribution with several processes (an <see cref="Distributed.IDistributionContext"/>) each rank writes its own
/// file, <c>training_state.rank{r}.safetensors</c>, and keeps the one before it as <c>….safetensors.prev</c>. On
/// restart the ranks exchange the resume points (epoch, batch) they hold and all resume from the newest point that
/// every rank has (a rank killed between two ranks' backups is one backup behind); when there is none in common, Fit
/// raises a <see cref="ModelArchiveException"/> naming the files.</para>
/// The running loss and metrics of a resumed epoch only cover the batches after the resume. EarlyStopping's copy of
/// the best weights is not backed up.
/// </remarks>
public sealed class BackupAndRestore : Callback
{
    /// <summary>The backup file's name inside <see cref="BackupDir"/>.</summary>
    public const string FileName = "training_state.safetensors";

    private const string FormatName = "keras.net.backup";
    private const int FormatVersion = 1;
    private readonly bool deleteCheckpoint;
    private int currentEpoch;
    private int batchesSinceSave;
    private int lastBatchSeen;
    private byte[]? epochStartRng;
    private (int Epoch, int Skip, byte[] EpochRng, byte[] CurrentRng)? pending;
    private IDistributionContext? distributed;

    /// <summary>Creates the callback.</summary>
    /// <param name="backupDir">The folder of the backup (created if needed); use one folder per training run.</param>
    /// <param name="saveFreq"><c>"epoch"</c> (default) or a number of training batches between backups.</param>
    /// <param name="deleteCheckpoint">Delete the backup when Fit ends (set false to keep it).</param>
    public BackupAndRestore(string backupDir, SaveFrequency saveFreq = default, bool deleteCheckpoint = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(backupDir);
        if (File.Exists(backupDir))
            throw new ArgumentException($"BackupAndRestore: backupDir '{backupDir}' is a file; give a folder (it is created if needed).", nameof(backupDir));
        BackupDir = backupDir;
        SaveFreq = saveFreq;
        this.deleteCheckpoint = deleteCheckpoint;
    }

    /// <summary>The folder holding the backup.</summary>
    public string BackupDir { get; }

    /// <summary>How often the backup is written.</summary>
    public SaveFrequency SaveFreq { get; }

    /// <summary>
    /// The backup file: <see cref="FileName"/> in a single process, <c>training_state.rank{r}.safetensors</c> on rank r
    /// of a distribution with several processes (<see cref="Distributed.TrainingDistribution"/>).
    /// </summary>
    public string BackupPath => Path.Combine(BackupDir, FileNameFor(TrainingDistribution.Current is { WorldSize: > 1 } d ? d.Rank : null));

    /// <summary>Under a distribution with several processes: the previous backup, kept until the next one is written.</summary>
    public string PreviousBackupPath => BackupPath + ".prev";

    /// <summary>After OnTrainBegin: the epoch (0-based) at which a restored backup resumes training, or null when training starts afresh.</summary>
    public int? ResumeEpoch { get; private set; }

    /// <summary>After OnTrainBegin: how many batches of <see cref="ResumeEpoch"/> the restored backup had already trained on.</summary>
    public int ResumeBatch { get; private set; }

    /// <summary>The other callbacks of the Fit call, whose state is backed up (set by <see cref="CallbackList"/>).</summary>
    internal IReadOnlyList<Callback> Siblings { get; set; } = Array.Empty<Callback>();

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs)
    {
        ResumeEpoch = null;
        ResumeBatch = 0;
        pending = null;
        batchesSinceSave = 0;
        lastBatchSeen = 0;
        distributed = TrainingDistribution.Current is { WorldSize: > 1 } d ? d : null;
        if (distributed is not null)
        {
            if (AgreeOnResumePoint(distributed) is { } path) Restore(path);
        }
        else if (File.Exists(BackupPath))
        {
            Restore(BackupPath);
        }
    }

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        currentEpoch = epoch;
        if (pending is { } p && p.Epoch == epoch && p.Skip > 0)
        {
            // Replay the interrupted epoch's data order.
            epochStartRng = p.EpochRng;
            SetRng(p.EpochRng);
        }
        else
        {
            using var state = torch.get_rng_state();
            epochStartRng = state.data<byte>().ToArray();
        }
    }

    /// <summary>Consumes the batches a mid-epoch backup had already trained on, then restores the generator's later state.</summary>
    internal int SkipResumedBatches(int epoch, IEnumerator<Data.Batch> batches)
    {
        if (pending is not { } p || p.Epoch != epoch || p.Skip == 0) return 0;
        pending = null;
        var skipped = 0;
        using (torch.NewDisposeScope())
            while (skipped < p.Skip && batches.MoveNext()) skipped++;
        SetRng(p.CurrentRng);
        return skipped;
    }

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
        if (SaveFreq.IsEpoch) return;
        batchesSinceSave += batch <= lastBatchSeen ? batch + 1 : batch - lastBatchSeen;
        lastBatchSeen = batch;
        if (batchesSinceSave < SaveFreq.Batches) return;
        batchesSinceSave = 0;
        Backup(currentEpoch, batch + 1);
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (SaveFreq.IsEpoch) Backup(epoch + 1, 0);
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs)
    {
        if (!deleteCheckpoint) return;
        if (File.Exists(BackupPath)) File.Delete(BackupPath);
        if (distributed is not null && File.Exists(PreviousBackupPath)) File.Delete(PreviousBackupPath);
    }

    private void Backup(int resumeEpoch, int resumeBatch)
    {
        var model = Monitoring.RequireModel(this);
        using var scope = torch.NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var weights = model.CopyWeightsToHost();
        for (var i = 0; i < weights.Length; i++) tensors[$"weights/{i:D5}"] = weights[i];
        if (model.BuiltOptimizer is { } optimizer)
            foreach (var (key, value) in optimizer.GetState()) tensors["optimizer/" + key] = value;
        tensors["rng/current"] = torch.get_rng_state();
        if (resumeBatch > 0 && epochStartRng is not null) tensors["rng/epoch_start"] = torch.tensor(epochStartRng, dtype: ScalarType.Byte);
        var states = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var (key, callback) in KeyedSiblings())
        {
            if (callback.GetState() is { } state) states[key] = state;
            foreach (var (name, tensor) in callback.GetStateTensors() ?? new Dictionary<string, Tensor>())
                tensors[$"callbacks/{key}/{name}"] = tensor;
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = FormatName,
            ["version"] = FormatVersion.ToString(CultureInfo.InvariantCulture),
            ["epoch"] = resumeEpoch.ToString(CultureInfo.InvariantCulture),
            ["batch"] = resumeBatch.ToString(CultureInfo.InvariantCulture),
            ["callbacks"] = JsonSerializer.Serialize(states.ToDictionary(s => s.Key, s => s.Value.ToDictionary(v => v.Key, v => double.IsFinite(v.Value) ? (double?)v.Value : null))),
            ["framework"] = "Keras.Net " + KerasInfo.Version,
        };
        try
        {
            // Distributed: keep the previous generation, the fallback when another rank died before writing this one.
            if (distributed is not null && File.Exists(BackupPath)) File.Move(BackupPath, PreviousBackupPath, overwrite: true);
            Safetensors.Save(BackupPath, tensors, metadata);
        }
        finally
        {
            foreach (var w in weights) w.Dispose();
        }
    }

    private static string FileNameFor(int? rank) =>
        rank is { } r ? $"training_state.rank{r.ToString(CultureInfo.InvariantCulture)}.safetensors" : FileName;

    // A resume point (epoch, batch) as one ordered number; -1: no file, -2: an unreadable file.
    private static long Encode(int epoch, int batch) => ((long)epoch << 32) | (uint)batch;

    private static string Describe(long point) => point switch
    {
        -1 => "none",
        -2 => "unreadable",
        _ => $"epoch {point >> 32}, batch {point & uint.MaxValue}",
    };

    private static long ReadPoint(string path)
    {
        if (!File.Exists(path)) return -1;
        try
        {
            using var scope = torch.NewDisposeScope();
            Safetensors.Load(path, out var metadata);
            return metadata.GetValueOrDefault("format") == FormatName &&
                   int.TryParse(metadata.GetValueOrDefault("epoch"), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) &&
                   int.TryParse(metadata.GetValueOrDefault("batch"), NumberStyles.None, CultureInfo.InvariantCulture, out var batch)
                ? Encode(epoch, batch) : -2;
        }
        catch (Exception e) when (e is TorchFormatException or EndOfStreamException or ArgumentException or InvalidOperationException
                                      or FormatException or IOException or OverflowException)
        {
            return -2;
        }
    }

    /// <summary>
    /// Every rank calls this (a collective): the ranks exchange the resume points of their current and previous
    /// backups and pick the newest point every rank holds. Returns this rank's file for it, or null when no rank has
    /// a backup (a fresh start).
    /// </summary>
    private string? AgreeOnResumePoint(IDistributionContext d)
    {
        var mine = new[] { ReadPoint(BackupPath), ReadPoint(PreviousBackupPath) };
        var all = d.AllGather(mine);
        if (all.All(p => p == -1)) return null;
        var ranks = Enumerable.Range(0, d.WorldSize);
        var common = all.Where(p => p >= 0).Distinct()
            .Where(p => ranks.All(r => all[2 * r] == p || all[2 * r + 1] == p))
            .DefaultIfEmpty(-1).Max();
        if (common < 0)
        {
            var held = string.Join("; ", ranks.Select(r =>
                $"rank {r}: {FileNameFor(r)} ({Describe(all[2 * r])}), {FileNameFor(r)}.prev ({Describe(all[2 * r + 1])})"));
            throw new ModelArchiveException(BackupPath,
                $"the {d.WorldSize} ranks' backups in '{BackupDir}' have no resume point in common ({held}). " +
                "Delete every rank's backup files to start training afresh.");
        }
        if (mine[0] == common) return BackupPath;
        // This rank is one backup ahead: go back to the previous one, which becomes the current one.
        File.Move(PreviousBackupPath, BackupPath, overwrite: true);
        return BackupPath;
    }

    private void Restore(string path)
    {
        var model = Monitoring.RequireModel(this);
        using var scope = torch.NewDisposeScope();
        Dictionary<string, Tensor> tensors;
        Dictionary<string, string> metadata;
        try
        {
            tensors = Safetensors.Load(path, out metadata);
        }
        catch (Exception e) when (e is TorchFormatException or EndOfStreamException or ArgumentException or InvalidOperationException
                                      or FormatException or JsonException or OverflowException)
        {
            throw new ModelArchiveException(path, $"the backup is corrupt ({e.Message}). Delete it to start training afresh.", e);
        }
        ModelArchiveException Bad(string problem) => new(path, problem + " Delete the backup (or use another backupDir) to start training afresh.");
        if (metadata.GetValueOrDefault("format") != FormatName) throw Bad($"it is not a BackupAndRestore backup (format '{metadata.GetValueOrDefault("format")}').");
        if (!int.TryParse(metadata.GetValueOrDefault("version"), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version != FormatVersion)
            throw Bad($"its version '{metadata.GetValueOrDefault("version")}' is not {FormatVersion}.");
        if (!int.TryParse(metadata.GetValueOrDefault("epoch"), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) ||
            !int.TryParse(metadata.GetValueOrDefault("batch"), NumberStyles.None, CultureInfo.InvariantCulture, out var batch))
            throw Bad("its epoch or batch is missing.");
        var modelWeights = model.Weights;
        var saved = tensors.Keys.Where(k => k.StartsWith("weights/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (saved.Count != modelWeights.Count) throw Bad($"it holds {saved.Count} weights but model '{model.Name}' has {modelWeights.Count}: it was written for another model.");
        for (var i = 0; i < saved.Count; i++)
            if (!tensors[saved[i]].shape.SequenceEqual(modelWeights[i].Shape))
                throw Bad($"weight {i} ('{modelWeights[i].Path}') has shape {Shape.Format(tensors[saved[i]].shape)} in the backup and {Shape.Format(modelWeights[i].Shape)} in the model.");
        var optimizerState = tensors.Where(t => t.Key.StartsWith("optimizer/", StringComparison.Ordinal))
            .ToDictionary(t => t.Key["optimizer/".Length..], t => t.Value, StringComparer.Ordinal);
        if (!tensors.TryGetValue("rng/current", out var rng)) throw Bad("its random generator state is missing.");
        // libtorch aborts the process on a generator state of another size: check first.
        using (var generator = torch.get_rng_state())
            foreach (var key in new[] { "rng/current", "rng/epoch_start" })
                if (tensors.TryGetValue(key, out var state) && state.numel() != generator.numel())
                    throw Bad($"its random generator state '{key}' has {state.numel()} bytes; libtorch's CPU generator state has {generator.numel()}.");
        model.AssignWeights(saved.Select(k => tensors[k]).ToArray());
        if (optimizerState.Count > 0)
        {
            model.EnsureOptimizerBuilt();
            var optimizer = model.BuiltOptimizer ?? throw Bad($"it holds an optimizer state but model '{model.Name}' is not compiled and built.");
            try
            {
                optimizer.SetState(optimizerState);
            }
            catch (ArgumentException e)
            {
                throw new ModelArchiveException(path, e.Message, e);
            }
        }
        RestoreCallbacks(metadata.GetValueOrDefault("callbacks"));
        RestoreCallbackTensors(path, tensors);
        var currentRng = rng.data<byte>().ToArray();
        if (batch > 0 && tensors.TryGetValue("rng/epoch_start", out var epochRng)) pending = (epoch, batch, epochRng.data<byte>().ToArray(), currentRng);
        else SetRng(currentRng);
        ResumeEpoch = epoch;
        ResumeBatch = batch;
    }

    private void RestoreCallbacks(string? json)
    {
        if (string.IsNullOrEmpty(json)) return;
        var saved = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, double?>>>(json) ?? new();
        foreach (var (key, callback) in KeyedSiblings())
            if (saved.TryGetValue(key, out var state))
                callback.SetState(state.ToDictionary(s => s.Key, s => s.Value ?? double.NaN, StringComparer.Ordinal));
    }

    private void RestoreCallbackTensors(string path, Dictionary<string, Tensor> tensors)
    {
        foreach (var (key, callback) in KeyedSiblings())
        {
            var prefix = $"callbacks/{key}/";
            var mine = tensors.Where(t => t.Key.StartsWith(prefix, StringComparison.Ordinal))
                .ToDictionary(t => t.Key[prefix.Length..], t => t.Value, StringComparer.Ordinal);
            if (mine.Count == 0) continue;
            try
            {
                callback.SetStateTensors(mine);
            }
            catch (ArgumentException e)
            {
                throw new ModelArchiveException(path, e.Message + " Delete the backup (or use another backupDir) to start training afresh.", e);
            }
        }
    }

    /// <summary>The other callbacks, each keyed by its class name and its rank among callbacks of that class.</summary>
    private IEnumerable<(string Key, Callback Callback)> KeyedSiblings()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var callback in Siblings)
        {
            if (ReferenceEquals(callback, this)) continue;
            var name = callback.GetType().Name;
            counts[name] = counts.TryGetValue(name, out var n) ? n + 1 : 1;
            yield return ($"{name}#{counts[name] - 1}", callback);
        }
    }

    private static void SetRng(byte[] state)
    {
        using var tensor = torch.tensor(state, dtype: ScalarType.Byte);
        torch.set_rng_state(tensor);
    }
}
