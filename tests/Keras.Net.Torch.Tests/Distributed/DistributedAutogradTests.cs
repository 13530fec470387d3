using static KerasNet.Torch.torch.distributed;

namespace KerasNet.Torch.Tests.Distributed;

/// <summary>
/// torch.distributed.nn.functional.all_reduce: the differentiable all-reduce, with every rank on its own thread of
/// this process (as <see cref="DistributedTests"/>): autograd runs a CPU backward on the calling thread, so each
/// rank's backward collective runs on its own thread too.
/// </summary>
public class DistributedAutogradTests
{
    private static T[] RunRanks<T>(int worldSize, Func<ProcessGroup, T> body, TimeSpan? timeout = null) => ThreadRanks.Run(worldSize, body, timeout);

    [Fact]
    public void ForwardSumsOverRanksAndBackwardSumsTheRanksGradients()
    {
        var results = RunRanks(2, g =>
        {
            using var scope = torch.NewDisposeScope();
            var r = g.Rank + 1f;
            // Rank 0 holds [1, 2, 3], rank 1 [2, 4, 6]; each weighs the sum differently, so the gradients differ per rank.
            var x = (torch.tensor(new float[] { 1, 2, 3 }) * r).requires_grad_();
            var y = nn.functional.all_reduce(x, group: g);
            var weights = torch.tensor(new float[] { 1, 10, 100 }) * r;
            (y * weights).sum().backward();
            return (x: x.detach().data<float>(), y: y.detach().data<float>(), grad: x.grad!.data<float>());
        });
        foreach (var (x, y, grad) in results)
        {
            Assert.Equal(new float[] { 3, 6, 9 }, y);
            // d(Σ_ranks loss_rank)/dx = Σ_ranks weights_rank on every rank.
            Assert.Equal(new float[] { 3, 30, 300 }, grad);
        }
        Assert.Equal(new float[] { 1, 2, 3 }, results[0].x); // the input is left untouched
        Assert.Equal(new float[] { 2, 4, 6 }, results[1].x);
    }

    [Fact]
    public void AverageDividesTheSumAndItsGradientByTheWorldSize()
    {
        var results = RunRanks(2, g =>
        {
            using var scope = torch.NewDisposeScope();
            // A non-contiguous input (a transpose) and an expanded incoming gradient (from sum()).
            var x = (torch.arange(6, dtype: torch.float32).reshape(2, 3) * (g.Rank + 1)).t().requires_grad_();
            var y = nn.functional.all_reduce(x, ReduceOp.AVG, g);
            y.sum().backward();
            return (y: y.detach().contiguous().data<float>(), grad: x.grad!.contiguous().data<float>());
        });
        foreach (var (y, grad) in results)
        {
            Assert.Equal(new float[] { 0, 4.5f, 1.5f, 6, 3, 7.5f }, y);
            Assert.Equal(Enumerable.Repeat(1f, 6).ToArray(), grad); // (1 + 1) / 2
        }
    }

    [Fact]
    public void ASecondOrderGradientGoesThroughTheBackwardCollective()
    {
        var results = RunRanks(2, g =>
        {
            using var scope = torch.NewDisposeScope();
            var x = torch.tensor(new float[] { g.Rank + 1f }).requires_grad_();
            var y = nn.functional.all_reduce(x, group: g); // s = x0 + x1 = 3 on both ranks
            // The incoming gradient 2s depends on x, so the backward collective is itself recorded:
            // dx = Σ_ranks 2s = 4s = 12, and d(Σ_ranks dx)/dx = 2 · 4 = 8.
            var dx = torch.autograd.grad(new[] { (y * y).sum() }, new[] { x }, create_graph: true)[0]!;
            var ddx = torch.autograd.grad(new[] { dx.sum() }, new[] { x })[0]!;
            return (dx.detach().data<float>()[0], ddx.data<float>()[0]);
        });
        Assert.Equal((12f, 8f), results[0]);
        Assert.Equal((12f, 8f), results[1]);
    }

    [Fact]
    public void APeerThatLeavesBeforeBackwardMakesTheOthersBackwardFailWithATypedError()
    {
        var results = RunRanks<Exception?>(2, g =>
        {
            using var scope = torch.NewDisposeScope();
            var x = torch.ones(4).requires_grad_();
            var y = nn.functional.all_reduce(x, group: g);
            if (g.Rank == 1) return null; // leaves without backward: its group is destroyed, its sockets close
            Thread.Sleep(200);
            return Record.Exception(() => y.sum().backward());
        }, TimeSpan.FromSeconds(10));
        var e = Assert.IsAssignableFrom<DistributedException>(results[0]);
        Assert.Contains("torch.distributed.nn.functional.all_reduce (in the backward pass, during backward)", e.Message);
        Assert.DoesNotContain("[torch.distributed backward]", e.Message);
    }

    [Fact]
    public void APeerThatNeverRunsBackwardMakesTheOthersBackwardTimeOut()
    {
        using var released = new ManualResetEventSlim();
        var results = RunRanks<Exception?>(2, g =>
        {
            using var scope = torch.NewDisposeScope();
            var x = torch.ones(4).requires_grad_();
            var y = nn.functional.all_reduce(x, group: g, timeout: TimeSpan.FromSeconds(1));
            if (g.Rank == 1)
            {
                released.Wait(TimeSpan.FromSeconds(60)); // stuck until rank 0 has given up
                return null;
            }
            var error = Record.Exception(() => y.sum().backward());
            released.Set();
            return error;
        });
        var e = Assert.IsType<DistributedTimeoutException>(results[0]);
        Assert.Contains("torch.distributed.nn.functional.all_reduce (in the backward pass, during backward) timed out", e.Message);
        Assert.Contains("raise the timeout", e.Message);
    }

    [Fact]
    public void BadArgumentsAreRejectedWithWhatWasReceived()
    {
        using var store = new TCPStore("127.0.0.1", 0, 1, is_master: true, timeout: TimeSpan.FromSeconds(5));
        using var group = new ProcessGroup(store, "gloo", 0, 1, TimeSpan.FromSeconds(5));
        var op = Assert.Throws<ArgumentOutOfRangeException>(() => nn.functional.all_reduce(torch.ones(2), ReduceOp.MAX, group));
        Assert.Contains("op must be SUM or AVG (the differentiable reductions here); received MAX", op.Message);
        var avg = Assert.Throws<TorchDTypeException>(() => nn.functional.all_reduce(torch.ones(new long[] { 2 }, dtype: torch.int64), ReduceOp.AVG, group));
        Assert.Contains("AVG needs a floating tensor; received int64", avg.Message);
        Assert.Throws<ArgumentNullException>(() => nn.functional.all_reduce(null!, group: group));

        // One process: the identity, with the gradient passed through unchanged.
        var x = torch.tensor(new float[] { 1, -2 }).requires_grad_();
        var y = nn.functional.all_reduce(x, group: group);
        (y * torch.tensor(new float[] { 3, 4 })).sum().backward();
        Assert.Equal(new float[] { 1, -2 }, y.detach().data<float>());
        Assert.Equal(new float[] { 3, 4 }, x.grad!.data<float>());

        group.Dispose();
        var disposed = Assert.Throws<ObjectDisposedException>(() => nn.functional.all_reduce(x, group: group));
        Assert.Contains("process group was destroyed", disposed.Message);
    }
}
