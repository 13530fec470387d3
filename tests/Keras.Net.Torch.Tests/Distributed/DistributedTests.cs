using static KerasNet.Torch.torch.distributed;

namespace KerasNet.Torch.Tests.Distributed;

/// <summary>
/// torch.distributed over c10d/Gloo with every rank on its own thread of this process (Gloo allows several groups
/// per process); several processes are tested by tests/Keras.Net.DistributedProbe through Keras.Net.Tests.
/// </summary>
public class DistributedTests
{
    private static T[] RunRanks<T>(int worldSize, Func<ProcessGroup, T> body, TimeSpan? timeout = null) => ThreadRanks.Run(worldSize, body, timeout);

    [Fact]
    public void GlooIsBuiltIn()
    {
        Assert.True(is_available());
        Assert.True(is_gloo_available());
    }

    [Fact]
    public void AllReduceSumsAndAveragesAcrossRanks()
    {
        var results = RunRanks(2, g =>
        {
            using var scope = torch.NewDisposeScope();
            var a = torch.tensor(new float[] { 1, 2, 3 }) * (g.Rank + 1);
            var b = torch.tensor(new float[] { 10, 20 }) * (g.Rank + 1);
            all_reduce(a, ReduceOp.SUM, g);
            all_reduce(b, ReduceOp.AVG, g);
            var m = torch.tensor(new long[] { g.Rank == 0 ? 5 : 7 });
            all_reduce(m, ReduceOp.MAX, g);
            return (a.data<float>(), b.data<float>(), m.data<long>());
        });
        foreach (var (a, b, m) in results)
        {
            Assert.Equal(new float[] { 3, 6, 9 }, a);
            Assert.Equal(new float[] { 15, 30 }, b);
            Assert.Equal(new long[] { 7 }, m);
        }
    }

    [Fact]
    public void CoalescedAllReduceRestoresEveryTensorOfEveryBucketInPlace()
    {
        // 3 float tensors (one non-contiguous) and a double, with a 64-byte cap: several buckets, mixed dtypes.
        var results = RunRanks(2, g =>
        {
            using var scope = torch.NewDisposeScope();
            var s = g.Rank + 1.0;
            var a = torch.arange(12, dtype: torch.float32).reshape(3, 4) * s;
            var b = (torch.arange(6, dtype: torch.float32).reshape(2, 3) * s).t();
            var c = torch.ones(20) * s;
            var d = torch.ones(new long[] { 2 }, dtype: torch.float64) * s;
            all_reduce_coalesced(new[] { a, b, c, d }, ReduceOp.AVG, g, bucket_cap_bytes: 64);
            return new[] { a.clone(), b.clone(), c.clone(), d.to(torch.float32) }.Select(t => t.DetachFromDisposeScope()).ToArray();
        });
        foreach (var r in results)
        {
            TensorAssert.Equal(torch.arange(12, dtype: torch.float32).reshape(3, 4) * 1.5, r[0]);
            TensorAssert.Equal((torch.arange(6, dtype: torch.float32).reshape(2, 3) * 1.5).t(), r[1]);
            TensorAssert.Equal(torch.ones(20) * 1.5, r[2]);
            TensorAssert.Equal(torch.ones(2) * 1.5, r[3]);
        }
    }

    [Fact]
    public void BroadcastCopiesTheSourceRanksValues()
    {
        var results = RunRanks(2, g =>
        {
            using var scope = torch.NewDisposeScope();
            var w = torch.full(new long[] { 2, 2 }, g.Rank == 1 ? 4.0 : -1.0);
            var v = torch.full(new long[] { 3 }, g.Rank == 1 ? 2.0 : 0.0);
            broadcast_coalesced(new[] { w, v }, src: 1, group: g);
            return (w.data<float>(), v.data<float>());
        });
        foreach (var (w, v) in results)
        {
            Assert.Equal(new float[] { 4, 4, 4, 4 }, w);
            Assert.Equal(new float[] { 2, 2, 2 }, v);
        }
    }

    [Fact]
    public void AllGatherStacksInRankOrderAndBarrierReturns()
    {
        var results = RunRanks(3, g =>
        {
            barrier(g);
            var scalars = all_gather_scalar(g.Rank * 10.0, g);
            using var scope = torch.NewDisposeScope();
            var stacked = all_gather(torch.tensor(new float[] { g.Rank, -g.Rank }), g);
            return (scalars, stacked.shape, stacked.data<float>());
        });
        foreach (var (scalars, shape, values) in results)
        {
            Assert.Equal(new[] { 0.0, 10.0, 20.0 }, scalars);
            Assert.Equal(new long[] { 3, 2 }, shape);
            Assert.Equal(new float[] { 0, 0, 1, -1, 2, -2 }, values);
        }
    }

    [Fact]
    public void StoreSetsGetsAndCounts()
    {
        using var store = new TCPStore("127.0.0.1", 0, 1, is_master: true, timeout: TimeSpan.FromSeconds(5));
        Assert.InRange(store.port, 1, 65535);
        store.set("greeting", "hello");
        Assert.Equal("hello", store.get_string("greeting"));
        var big = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        store.set("big", big);
        Assert.Equal(big, store.get("big"));
        Assert.Equal(3, store.add("counter", 3));
        Assert.Equal(5, store.add("counter", 2));
    }

    [Fact]
    public void WaitingForAKeyNobodySetsTimesOut()
    {
        using var store = new TCPStore("127.0.0.1", 0, 1, is_master: true, timeout: TimeSpan.FromSeconds(5));
        var e = Assert.Throws<DistributedTimeoutException>(() => store.wait("never", TimeSpan.FromMilliseconds(300)));
        Assert.Contains("TCPStore.wait", e.Message);
        Assert.Contains("key 'never'", e.Message);
    }

    [Fact]
    public void AWorkerWithoutAMasterTimesOut()
    {
        // Port 1 is privileged and unused here: nothing listens, so the worker retries until its timeout.
        var e = Assert.Throws<DistributedTimeoutException>(() => new TCPStore("127.0.0.1", 1, 2, is_master: false, timeout: TimeSpan.FromSeconds(1)));
        Assert.Contains("worker at 127.0.0.1:1", e.Message);
        Assert.Contains("MASTER_ADDR", e.Message);
    }

    [Fact]
    public void APeerThatLeavesMakesTheOthersCollectiveFailWithATypedError()
    {
        var results = RunRanks<Exception?>(2, g =>
        {
            using var scope = torch.NewDisposeScope();
            var t = torch.ones(4);
            all_reduce(t, ReduceOp.SUM, g);
            if (g.Rank == 1) return null; // leaves: its group is destroyed, its sockets close
            Thread.Sleep(200);
            return Record.Exception(() => all_reduce(t, ReduceOp.SUM, g));
        }, TimeSpan.FromSeconds(10));
        var e = Assert.IsAssignableFrom<DistributedException>(results[0]);
        Assert.Contains("all_reduce", e.Message);
        Assert.Contains("rank 0 of 2", e.Message);
    }

    [Fact]
    public void BadArgumentsAreRejectedWithTheirName()
    {
        using var store = new TCPStore("127.0.0.1", 0, 1, is_master: true, timeout: TimeSpan.FromSeconds(5));
        var backend = Assert.Throws<ArgumentException>(() => new ProcessGroup(store, "mpi", 0, 1));
        Assert.Contains("unknown backend 'mpi'", backend.Message);
        var rank = Assert.Throws<ArgumentOutOfRangeException>(() => new ProcessGroup(store, "gloo", 2, 2));
        Assert.Contains("rank must be in [0, world_size) = [0, 2); received 2", rank.Message);
        var port = Assert.Throws<ArgumentOutOfRangeException>(() => new TCPStore("127.0.0.1", 70000));
        Assert.Contains("port must be in [0, 65535]; received 70000", port.Message);
        using var group = new ProcessGroup(store, "gloo", 0, 1, TimeSpan.FromSeconds(5));
        var src = Assert.Throws<ArgumentOutOfRangeException>(() => broadcast(torch.ones(1), 3, group));
        Assert.Contains("src must be a rank in [0, 1); received 3", src.Message);
        var avg = Assert.Throws<DistributedException>(() => all_reduce(torch.ones(new long[] { 1 }, dtype: torch.int64), ReduceOp.AVG, group));
        Assert.Contains("AVG needs floating tensors", avg.Message);
    }

    [Fact]
    public void InitProcessGroupNamesTheMissingEnvironmentVariable()
    {
        // Runs only when no launcher set the variables (the test host is started without them).
        Assert.Null(Environment.GetEnvironmentVariable("WORLD_SIZE"));
        var e = Assert.Throws<InvalidOperationException>(() => init_process_group("gloo"));
        Assert.Contains("environment variable WORLD_SIZE is not set", e.Message);
        Assert.Contains("world_size:", e.Message);
        Assert.False(is_initialized());
    }

    [Fact]
    public void InitProcessGroupWithExplicitArgumentsMakesTheDefaultGroup()
    {
        var port = LoopbackPorts.FreeRun();
        var group = init_process_group("gloo", TimeSpan.FromSeconds(10), world_size: 1, rank: 0, master_addr: "127.0.0.1", master_port: port);
        try
        {
            Assert.True(is_initialized());
            Assert.Equal(0, get_rank());
            Assert.Equal(1, get_world_size());
            Assert.Same(group, group_WORLD);
            var t = torch.tensor(new float[] { 2, 4 });
            all_reduce(t, ReduceOp.AVG);
            Assert.Equal(new float[] { 2, 4 }, t.data<float>());
            var again = Assert.Throws<InvalidOperationException>(() => init_process_group("gloo"));
            Assert.Contains("already initialized", again.Message);
        }
        finally
        {
            destroy_process_group();
        }
        Assert.False(is_initialized());
    }
}
