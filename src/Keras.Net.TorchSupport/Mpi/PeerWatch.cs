using System.Globalization;
using System.Runtime.InteropServices;

namespace KerasNet.TorchSupport.Mpi;

/// <summary>
/// How a waiting rank finds out that the job is failing: the process ids of the ranks on this machine (gathered once),
/// checked while a collective waits, and the SIGTERM with which launchers (mpirun, srun) end a job when one rank died.
/// </summary>
internal sealed class PeerWatch
{
    internal static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(500);

    private readonly int[] localPeers;
    private readonly long[] pids;
    private readonly PosixSignalRegistration? sigterm;
    private volatile bool waiting;

    private PeerWatch(int[] localPeers, long[] pids)
    {
        this.localPeers = localPeers;
        this.pids = pids;
        if (!OperatingSystem.IsWindows())
            sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                // Only a rank waiting in a collective delays the exit, to report why; otherwise SIGTERM ends it as usual.
                if (!waiting) return;
                context.Cancel = true;
                TerminationRequested = true;
            });
    }

    internal volatile bool TerminationRequested;

    internal static PeerWatch Start(MpiCommunicator communicator)
    {
        var host = StableHash(Environment.MachineName);
        var all = communicator.AllGather([Environment.ProcessId, host]);
        var local = Enumerable.Range(0, communicator.Size).Where(r => r != communicator.Rank && all[2 * r + 1] == host).ToArray();
        return new PeerWatch(local, Enumerable.Range(0, communicator.Size).Select(r => all[2 * r]).ToArray());
    }

    internal void EnterWait() => waiting = true;

    internal void LeaveWait() => waiting = false;

    internal string Describe(int rank) => $"pid {pids[rank].ToString(CultureInfo.InvariantCulture)} on {Environment.MachineName}";

    /// <summary>The ranks on this machine whose process is gone or a zombie (Linux: /proc; elsewhere none are checked).</summary>
    internal IReadOnlyList<int> DeadLocalPeers()
    {
        if (!OperatingSystem.IsLinux()) return [];
        var dead = new List<int>();
        foreach (var rank in localPeers)
        {
            string stat;
            try
            {
                stat = File.ReadAllText($"/proc/{pids[rank].ToString(CultureInfo.InvariantCulture)}/stat");
            }
            catch (IOException)
            {
                dead.Add(rank);
                continue;
            }
            // "pid (comm) S ...": the state follows the last ')'.
            var close = stat.LastIndexOf(')');
            if (close < 0 || close + 2 >= stat.Length || stat[close + 2] is 'Z' or 'X') dead.Add(rank);
        }
        return dead;
    }

    private static long StableHash(string text)
    {
        var hash = 1469598103934665603UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return (long)(hash >> 1);
    }

    ~PeerWatch() => sigterm?.Dispose();
}
