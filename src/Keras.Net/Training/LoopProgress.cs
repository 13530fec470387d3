using KerasNet.Data;

namespace KerasNet.Training;

/// <summary>
/// Where a Fit stands, owned by the trainer: the epoch, the batches done in it, and the random generator states that
/// make the data order of the epoch reproducible. <see cref="Capture"/> and <see cref="Restore"/> let a callback save
/// it and resume from it (see <see cref="Callbacks.BackupAndRestore"/>).
/// </summary>
/// <remarks>
/// A mid-epoch resume replays the interrupted epoch's data order: the generator goes back to the epoch's start, the
/// batches already done are drawn and dropped, then the generator takes its later state. This is exact for data
/// sources that draw their randomness when an epoch's batches are first requested (the in-memory tensor source).
/// </remarks>
public sealed class LoopProgress
{
    private byte[]? epochStartGenerator;
    private LoopState? pending;

    internal LoopProgress() { }

    /// <summary>The epoch (0-based) in progress, or the next one to start once an epoch has ended.</summary>
    public int Epoch { get; private set; }

    /// <summary>How many batches of <see cref="Epoch"/> are done.</summary>
    public int Batch { get; private set; }

    /// <summary>How many batches this Fit call has trained on (batches skipped by a resume not included).</summary>
    public long BatchesTrained { get; private set; }

    /// <summary>The epoch a restored state resumes at, or null when the run started afresh.</summary>
    internal int? RestoredEpoch { get; private set; }

    /// <summary>The point training would resume from now.</summary>
    public LoopState Capture() => new(Epoch, Batch, CpuGenerator.Read(), Batch > 0 ? epochStartGenerator : null);

    /// <summary>
    /// Makes the run resume at <paramref name="state"/>: call it before the first epoch starts (after every callback's
    /// OnTrainBegin, see <see cref="TrainingRun.Started"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A generator state of another size than libtorch's (libtorch would abort the process).</exception>
    public void Restore(LoopState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var (what, bytes) in new[] { ("current", state.Generator), ("epoch start", state.EpochStartGenerator) })
            if (bytes is not null && bytes.Length != CpuGenerator.StateSize)
                throw new ArgumentException($"The {what} random generator state has {bytes.Length} bytes; libtorch's CPU generator state has {CpuGenerator.StateSize}.", nameof(state));
        if (state.Batch > 0 && state.EpochStartGenerator is null)
            throw new ArgumentException($"A mid-epoch state (epoch {state.Epoch}, batch {state.Batch}) needs the generator state of the epoch's start.", nameof(state));
        Epoch = state.Epoch;
        Batch = state.Batch;
        RestoredEpoch = state.Epoch;
        if (state.Batch > 0) pending = state;
        else CpuGenerator.Write(state.Generator);
    }

    /// <summary>Starts <paramref name="epoch"/>, just before its batches are requested.</summary>
    internal void StartEpoch(int epoch)
    {
        Epoch = epoch;
        Batch = 0;
        if (pending is { } p && p.Epoch == epoch)
        {
            epochStartGenerator = p.EpochStartGenerator!;
            CpuGenerator.Write(epochStartGenerator);
        }
        else
        {
            pending = null;
            epochStartGenerator = CpuGenerator.Read();
        }
    }

    /// <summary>Draws and drops the batches a restored mid-epoch state had done, then restores the generator's later state; returns how many.</summary>
    internal int SkipRestoredBatches(int epoch, IEnumerator<Batch> batches)
    {
        if (pending is not { } p || p.Epoch != epoch) return 0;
        pending = null;
        var skipped = 0;
        using (torch.NewDisposeScope())
            while (skipped < p.Batch && batches.MoveNext()) skipped++;
        CpuGenerator.Write(p.Generator);
        Batch = skipped;
        return skipped;
    }

    /// <summary>One more batch of the epoch is done.</summary>
    internal void CompleteBatch()
    {
        Batch++;
        BatchesTrained++;
    }

    /// <summary>The epoch is over: the progress points at the start of the next one.</summary>
    internal void CompleteEpoch()
    {
        Epoch++;
        Batch = 0;
    }
}
