using static KerasNet.Torch.torch.distributed;

namespace KerasNet.Torch.Tests.Distributed;

/// <summary>
/// Several ranks of one Gloo group inside this test process, each on its own thread (Gloo allows several groups per
/// process); tests in several processes live in Keras.Net.Tests (tests/Keras.Net.DistributedProbe).
/// </summary>
internal static class ThreadRanks
{
    /// <summary>How long the rendezvous and every collective may take before the test calls it hung.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="body"/> as ranks 0..n-1 of one Gloo group and returns each rank's result.</summary>
    public static T[] Run<T>(int worldSize, Func<ProcessGroup, T> body, TimeSpan? timeout = null)
    {
        var master = new TCPStore("127.0.0.1", 0, worldSize, is_master: true, timeout: Timeout, wait_for_workers: false);
        var port = master.port;
        var tasks = Enumerable.Range(0, worldSize).Select(rank => Task.Factory.StartNew(() =>
        {
            var store = rank == 0 ? master : new TCPStore("127.0.0.1", port, worldSize, is_master: false, timeout: Timeout);
            using var group = new ProcessGroup(store, "gloo", rank, worldSize, timeout ?? Timeout);
            return body(group);
        }, TaskCreationOptions.LongRunning)).ToArray();
        Task.WaitAll(tasks);
        return tasks.Select(t => t.Result).ToArray();
    }
}
