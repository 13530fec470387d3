using System.Globalization;
using KerasNet.Distributed;
using KerasNet.Saving;
using KerasNet.Training;

namespace KerasNet.Callbacks;

/// <summary>
/// Makes Fit survive being killed, as Keras's <c>BackupAndRestore</c>: at the end of every epoch (or every N
/// batches) it writes one file in <c>backupDir</c> holding the weights, the optimizer state, the loop's progress
/// (epoch, batch, libtorch's CPU generator states: <see cref="LoopProgress"/>) and the state of every
/// <see cref="IStatefulCallback"/> of the run (EarlyStopping's counters and copy of the best weights, ReduceLROnPlateau's
/// and ModelCheckpoint's counters). When Fit starts and that file exists, everything is restored and training resumes
/// where the backup was taken, so a run that is killed and restarted ends with exactly the weights of an
/// uninterrupted run (same seed, CPU). The file is written atomically (a kill during the write leaves the previous
/// backup) and deleted when training ends.
/// </summary>
/// <remarks>
/// The backup is written and restored at the points <see cref="TrainingRun"/> announces, after every callback has
/// handled the batch, the epoch or the start of training, so the callbacks' order does not matter. A mid-epoch
/// resume replays the interrupted epoch's data order (see <see cref="LoopProgress"/>).
/// <para>Under a distribution with several processes (an <see cref="IDistributionContext"/>) each rank writes its own
/// file, <c>training_state.rank{r}.safetensors</c>, and keeps the one before it as <c>….safetensors.prev</c>. On
/// restart the ranks exchange the resume points (epoch, batch) they hold and all resume from the newest point that
/// every rank has (a rank killed between two ranks' backups is one backup behind); when there is none in common, Fit
/// raises a <see cref="ModelArchiveException"/> naming the files.</para>
/// The running loss and metrics of a resumed epoch only cover the batches after the resume.
/// </remarks>
public sealed class BackupAndRestore : Callback
{
    /// <summary>The backup file's name inside <see cref="BackupDir"/>.</summary>
    public const string FileName = "training_state.safetensors";

    private readonly bool deleteCheckpoint;
    private TrainingRun? subscribed;
    private long batchesAtLastSave;
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
    /// of a distribution with several processes (<see cref="TrainingDistribution"/>).
    /// </summary>
    public string BackupPath => Path.Combine(BackupDir, FileNameFor(TrainingDistribution.Current is { WorldSize: > 1 } d ? d.Rank : null));

    /// <summary>Under a distribution with several processes: the previous backup, kept until the next one is written.</summary>
    public string PreviousBackupPath => BackupPath + ".prev";

    /// <summary>Once training has started: the epoch (0-based) at which a restored backup resumes training, or null when training starts afresh.</summary>
    public int? ResumeEpoch { get; private set; }

    /// <summary>Once training has started: how many batches of <see cref="ResumeEpoch"/> the restored backup had already trained on.</summary>
    public int ResumeBatch { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs)
    {
        ResumeEpoch = null;
        ResumeBatch = 0;
        batchesAtLastSave = 0;
        distributed = TrainingDistribution.Current is { WorldSize: > 1 } d ? d : null;
        Unsubscribe();
        subscribed = Run ?? throw new InvalidOperationException(
            "BackupAndRestore: OnTrainBegin was called outside a Fit (Callback.Run is null); it backs up a Fit, so pass it to model.Fit(..., callbacks: ...).");
        subscribed.Started += Restore;
        subscribed.BatchCompleted += AfterBatch;
        subscribed.EpochCompleted += AfterEpoch;
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs)
    {
        Unsubscribe();
        if (!deleteCheckpoint) return;
        if (File.Exists(BackupPath)) File.Delete(BackupPath);
        if (distributed is not null && File.Exists(PreviousBackupPath)) File.Delete(PreviousBackupPath);
    }

    private void Restore(object? sender, EventArgs e)
    {
        var run = (TrainingRun)sender!;
        var path = distributed is not null ? AgreeOnResumePoint(distributed) : File.Exists(BackupPath) ? BackupPath : null;
        if (path is null) return;
        BackupFile.Restore(path, run);
        ResumeEpoch = run.Progress.Epoch;
        ResumeBatch = run.Progress.Batch;
    }

    private void AfterBatch(object? sender, EventArgs e)
    {
        var run = (TrainingRun)sender!;
        if (SaveFreq.IsEpoch || run.Progress.BatchesTrained - batchesAtLastSave < SaveFreq.Batches) return;
        batchesAtLastSave = run.Progress.BatchesTrained;
        Save(run);
    }

    private void AfterEpoch(object? sender, EventArgs e)
    {
        if (SaveFreq.IsEpoch) Save((TrainingRun)sender!);
    }

    private void Save(TrainingRun run)
    {
        Directory.CreateDirectory(BackupDir);
        // Distributed: keep the previous generation, the fallback when another rank died before writing this one.
        if (distributed is not null && File.Exists(BackupPath)) File.Move(BackupPath, PreviousBackupPath, overwrite: true);
        BackupFile.Write(BackupPath, run);
    }

    private void Unsubscribe()
    {
        if (subscribed is null) return;
        subscribed.Started -= Restore;
        subscribed.BatchCompleted -= AfterBatch;
        subscribed.EpochCompleted -= AfterEpoch;
        subscribed = null;
    }

    private static string FileNameFor(int? rank) =>
        rank is { } r ? $"training_state.rank{r.ToString(CultureInfo.InvariantCulture)}.safetensors" : FileName;

    /// <summary>
    /// Every rank calls this (a collective): the ranks exchange the resume points of their current and previous
    /// backups and pick the newest point every rank holds. Returns this rank's file for it, or null when no rank has
    /// a backup (a fresh start).
    /// </summary>
    private string? AgreeOnResumePoint(IDistributionContext d)
    {
        var mine = new[] { BackupFile.ReadPoint(BackupPath), BackupFile.ReadPoint(PreviousBackupPath) };
        var all = d.AllGather(mine);
        if (all.All(p => p == -1)) return null;
        var ranks = Enumerable.Range(0, d.WorldSize);
        var common = all.Where(p => p >= 0).Distinct()
            .Where(p => ranks.All(r => all[2 * r] == p || all[2 * r + 1] == p))
            .DefaultIfEmpty(-1).Max();
        if (common < 0)
        {
            var held = string.Join("; ", ranks.Select(r =>
                $"rank {r}: {FileNameFor(r)} ({BackupFile.Describe(all[2 * r])}), {FileNameFor(r)}.prev ({BackupFile.Describe(all[2 * r + 1])})"));
            throw new ModelArchiveException(BackupPath,
                $"the {d.WorldSize} ranks' backups in '{BackupDir}' have no resume point in common ({held}). " +
                "Delete every rank's backup files to start training afresh.");
        }
        if (mine[0] == common) return BackupPath;
        // This rank is one backup ahead: go back to the previous one, which becomes the current one.
        File.Move(PreviousBackupPath, BackupPath, overwrite: true);
        return BackupPath;
    }
}
