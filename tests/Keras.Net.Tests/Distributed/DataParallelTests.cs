using KerasNet.Distributed;
using KerasNet.TorchSupport.Mpi;

namespace KerasNet.Tests.Distributed;

/// <summary>DataParallel over a recording stand-in for MPI that plays two equal processes (a sum doubles the values).</summary>
public class DataParallelTests
{
    private sealed class TwinCollectives : ITensorCollectives
    {
        public List<string> Calls { get; } = new();

        public int Rank => 0;

        public int Size => 2;

        public TimeSpan Timeout { get; set; } = MpiCommunicator.DefaultTimeout;

        public PendingCollective StartAllReduce(Tensor tensor, ReduceOperation operation)
        {
            Calls.Add($"start {operation} {tensor.numel()}");
            if (operation == ReduceOperation.Sum) tensor.mul_(2);
            return MpiTestSupport.Completed(tensor);
        }

        public PendingCollective StartBroadcast(Tensor tensor, int root)
        {
            Calls.Add($"broadcast {tensor.numel()} from {root}");
            return MpiTestSupport.Completed(tensor);
        }

        public void WaitAll(IReadOnlyList<PendingCollective> pending) => Calls.Add($"wait {pending.Count}");

        public long[] AllGather(long[] values) => values.Concat(values).ToArray();
    }

    [Fact]
    public void GradientsAreAveragedInBucketsThatAreAllInFlightBeforeTheWait()
    {
        using var scope = torch.NewDisposeScope();
        var twin = new TwinCollectives();
        // 40-byte buckets: 6 + 2 + 2 floats fill the first, the next 4 floats would overflow it, and a float64 starts its own.
        var dp = new DataParallel(twin, bucketCapMb: 40.0 / (1024 * 1024));
        var grads = new[] { torch.arange(6f), torch.ones(2), torch.full(2, 3f), torch.arange(4f).reshape(2, 2), torch.full(1, 0.1, ScalarType.Float64) };
        var expected = grads.Select(g => g.to(ScalarType.Float64).reshape(-1).data<double>().ToArray()).ToArray();
        dp.ReduceGradients(grads);
        Assert.Equal(new[] { "start Sum 10", "start Sum 4", "start Sum 1", "wait 3" }, twin.Calls);
        // The twin's gradients equal these: their average is these, back in place and in shape.
        for (var i = 0; i < grads.Length; i++) Assert.Equal(expected[i], grads[i].to(ScalarType.Float64).reshape(-1).data<double>().ToArray());
        Assert.Equal(new long[] { 2, 2 }, grads[3].shape);
    }

    [Fact]
    public void TheDifferentiableSumAllReducesTheGradientInBackward()
    {
        using var scope = torch.NewDisposeScope();
        var dp = new DataParallel(new TwinCollectives());
        var x = torch.tensor(new[] { 1f, 2f, 3f }).requires_grad_();
        var sum = dp.AllReduceSum(x);
        Assert.Equal(new[] { 2f, 4f, 6f }, sum.detach().data<float>().ToArray());
        (sum * torch.tensor(new[] { 1f, 10f, 100f })).sum().backward();
        // d/dx of Σ_ranks (x_rank · w) summed over the twin's equal losses: 2 · w.
        Assert.Equal(new[] { 2f, 20f, 200f }, x.grad!.data<float>().ToArray());
        Assert.Equal(new[] { 1f, 2f, 3f }, x.detach().data<float>().ToArray());
    }

    [Fact]
    public void WeightsAreBroadcastFromRankZeroAndStopsAndCallbacksFollowTheChief()
    {
        using var scope = torch.NewDisposeScope();
        var twin = new TwinCollectives();
        var dp = new DataParallel(twin, timeout: TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(5), twin.Timeout);
        dp.SynchronizeWeights(new[] { torch.ones(3), torch.ones(2, 2) });
        Assert.Equal(new[] { "broadcast 3 from 0", "broadcast 4 from 0", "wait 2" }, twin.Calls);
        Assert.True(dp.AnyStop(true));
        Assert.Equal(new[] { 2.0, 5.0 }, dp.AllReduceSum(new[] { 1.0, 2.5 }));
        Assert.True(dp.RunsCallback(new KerasNet.Callbacks.CSVLogger(Path.Combine(Path.GetTempPath(), "unused.csv"))));
    }

    [Fact]
    public void BadArgumentsAreTypedErrorsNamingTheArgument()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new DataParallel(new TwinCollectives(), bucketCapMb: 0));
        Assert.Contains("bucketCapMb must be positive; received 0", e.Message);
        var t = Assert.Throws<ArgumentOutOfRangeException>(() => new DataParallel(new TwinCollectives(), timeout: TimeSpan.Zero));
        Assert.Contains("timeout must be positive", t.Message);
    }
}
