using KerasNet.Data;

namespace KerasNet.Training;

/// <summary>
/// The batches of one pass over a data source, for every loop (Fit, Evaluate, Predict, the learning-rate finder):
/// it numbers the steps, stops at the step limit, and gives every batch its own dispose scope, opened before the
/// batch is drawn, so the batch and all a step creates are freed when the loop moves on.
/// </summary>
internal sealed class EpochIterator
{
    private readonly IDataSource data;
    private readonly int? limit;

    /// <param name="data">The source.</param>
    /// <param name="steps">At most this many batches per pass, or null for all.</param>
    internal EpochIterator(IDataSource data, int? steps)
    {
        this.data = data;
        limit = steps;
    }

    /// <summary>The number of steps per pass, when known (for the progress bar).</summary>
    internal int? Steps => limit is { } s ? Math.Min(s, data.BatchCount ?? s) : data.BatchCount;

    /// <summary>
    /// The steps of epoch <paramref name="epoch"/>. With <paramref name="progress"/>, the batches a restored run had
    /// already done are skipped (their step numbers are not yielded).
    /// </summary>
    internal IEnumerable<(int Step, Batch Batch)> Epoch(int epoch, LoopProgress? progress = null)
    {
        using var batches = data.GetBatches(epoch).GetEnumerator();
        var step = progress?.SkipRestoredBatches(epoch, batches) ?? 0;
        while (limit is null || step < limit)
        {
            using var batchScope = torch.NewDisposeScope();
            if (!batches.MoveNext()) yield break;
            yield return (step, batches.Current);
            step++;
        }
    }
}
