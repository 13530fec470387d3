using System.Runtime.ExceptionServices;

namespace KerasNet.Data;

/// <summary>
/// Worker threads that produce the batches of one epoch ahead of the consumer, handing them over in order. At most
/// <c>window</c> batches are claimed but not yet taken, so memory stays bounded however slow the consumer is. A
/// worker's exception is rethrown, with its original type and stack, when the consumer reaches that batch.
/// </summary>
internal sealed class BatchPipeline : IDisposable
{
    private readonly object gate = new();
    private readonly Dictionary<int, (Batch? Batch, ExceptionDispatchInfo? Error)> ready = new();
    private readonly Func<int, Batch> produce;
    private readonly Thread[] workers;
    private readonly int total;
    private readonly int window;
    private int nextToClaim;
    private int nextToTake;
    private bool stopped;

    public BatchPipeline(int total, int workerCount, int window, Func<int, Batch> produce)
    {
        this.total = total;
        this.window = window;
        this.produce = produce;
        workers = new Thread[workerCount];
        for (var i = 0; i < workerCount; i++)
        {
            workers[i] = new Thread(Work) { IsBackground = true, Name = $"DataLoader worker {i}" };
            workers[i].Start();
        }
    }

    /// <summary>The most batches ever claimed ahead of the consumer (at most the window).</summary>
    public int MaxAhead { get; private set; }

    private void Work()
    {
        while (true)
        {
            int index;
            lock (gate)
            {
                while (!stopped && nextToClaim < total && nextToClaim >= nextToTake + window) Monitor.Wait(gate);
                if (stopped || nextToClaim >= total) return;
                index = nextToClaim++;
                MaxAhead = Math.Max(MaxAhead, nextToClaim - nextToTake);
            }
            Batch? batch = null;
            ExceptionDispatchInfo? error = null;
            try
            {
                batch = produce(index);
            }
            catch (Exception e)
            {
                error = ExceptionDispatchInfo.Capture(e);
            }
            lock (gate)
            {
                if (stopped)
                {
                    if (batch is not null) DisposeBatch(batch);
                    return;
                }
                ready[index] = (batch, error);
                Monitor.PulseAll(gate);
            }
        }
    }

    /// <summary>The next batch in order, waiting for it if needed; null after the last.</summary>
    public Batch? Take()
    {
        (Batch? Batch, ExceptionDispatchInfo? Error) result;
        lock (gate)
        {
            if (nextToTake >= total) return null;
            while (!ready.ContainsKey(nextToTake)) Monitor.Wait(gate);
            result = ready[nextToTake];
            ready.Remove(nextToTake);
            nextToTake++;
            Monitor.PulseAll(gate);
        }
        result.Error?.Throw();
        return result.Batch;
    }

    /// <summary>Stops the workers, waits for them, and frees the batches produced but not taken.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            stopped = true;
            Monitor.PulseAll(gate);
        }
        foreach (var worker in workers) worker.Join();
        foreach (var (_, (batch, _)) in ready)
            if (batch is not null) DisposeBatch(batch);
        ready.Clear();
    }

    internal static void DisposeBatch(Batch batch)
    {
        foreach (var t in batch.X) t.Dispose();
        foreach (var t in batch.Y) t.Dispose();
        batch.SampleWeight?.Dispose();
    }
}
