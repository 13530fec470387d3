using System.Diagnostics;

namespace KerasNet.TorchSupport.Mpi;

public sealed unsafe partial class MpiCommunicator
{
    /// <inheritdoc/>
    public void WaitAll(IReadOnlyList<PendingCollective> pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ThrowIfBroken();
        var clock = Stopwatch.StartNew();
        var nextPeerCheck = PeerWatch.CheckInterval;
        var polls = 0;
        var status = stackalloc byte[MpiAbi.StatusBytes];
        peers?.EnterWait();
        try
        {
            while (true)
            {
                var done = true;
                foreach (var p in pending)
                {
                    if (p.IsCompleted) continue;
                    int flag;
                    var request = p.Request;
                    var code = mpi.Test(&request, &flag, status);
                    p.Request = request;
                    if (code != 0) Check(code, p.Operation);
                    if (flag != 0) p.Complete();
                    else done = false;
                }
                if (done) return;
                if (peers is not null && (peers.TerminationRequested || clock.Elapsed >= nextPeerCheck))
                {
                    nextPeerCheck = clock.Elapsed + PeerWatch.CheckInterval;
                    var lost = peers.DeadLocalPeers();
                    if (lost.Count > 0 || peers.TerminationRequested) throw PeerLost(pending, lost);
                }
                if (clock.Elapsed >= timeout) throw TimedOut(pending);
                // Yield first (a reduction of a few numbers completes within microseconds), then sleep between polls.
                if (++polls < 200) Thread.Yield();
                else Thread.Sleep(1);
            }
        }
        finally
        {
            peers?.LeaveWait();
        }
    }

    private Exception TimedOut(IReadOnlyList<PendingCollective> pending)
    {
        IsBroken = true;
        var operation = pending.First(p => !p.IsCompleted).Operation;
        return new MpiTimeoutException(
            $"{operation} on rank {Rank} of {Size} timed out after {timeout.TotalSeconds:0.###} s: at least one other rank did not join the " +
            "collective (it hangs, is much slower, or took another path through the program). Raise the timeout (DataParallel(timeout: ...), " +
            "MpiCommunicator.Timeout) if a step legitimately takes longer; otherwise look at the other ranks' output.", operation, Rank, timeout);
    }

    private Exception PeerLost(IReadOnlyList<PendingCollective> pending, IReadOnlyList<int> lost)
    {
        IsBroken = true;
        var operation = pending.First(p => !p.IsCompleted).Operation;
        var who = lost.Count > 0
            ? $"rank {string.Join(", ", lost)} ({string.Join(", ", lost.Select(peers!.Describe))}) exited or was killed"
            : "the launcher is ending the job (SIGTERM): another rank failed; the launcher's message names it";
        return new MpiPeerLostException($"{operation} on rank {Rank} of {Size} cannot complete: {who}. Training cannot go on without it; " +
                                        "restart the job (BackupAndRestore resumes it).", operation, Rank, lost);
    }
}
