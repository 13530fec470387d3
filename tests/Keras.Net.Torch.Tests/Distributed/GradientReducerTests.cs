using KerasNet.Torch.Distributed;
using static KerasNet.Torch.torch.distributed;

namespace KerasNet.Torch.Tests.Distributed;

/// <summary>
/// GradientReducer (c10d's DDP Reducer) with every rank on its own thread of this process, as DistributedTests does;
/// the model-level behaviour in several processes is tested by DataParallelProcessTests in Keras.Net.Tests.
/// </summary>
public class GradientReducerTests
{
    private static readonly TimeSpan Timeout = ThreadRanks.Timeout;

    private static T[] RunRanks<T>(int worldSize, Func<ProcessGroup, T> body, TimeSpan? timeout = null) => ThreadRanks.Run(worldSize, body, timeout);

    private static Tensor Filled(double value, params long[] shape) => torch.ones(shape) * value;

    [Fact]
    public void TheNativeShimCanRunTheReducer() => Assert.True(GradientReducer.IsAvailable);

    [Fact]
    public void AveragesGradientsDuringBackwardInManyBucketsOverSeveralSteps()
    {
        // 16-byte buckets: one per tensor once the buckets are rebuilt after the first step (which uses one bucket).
        var results = RunRanks(2, g =>
        {
            using var scope = torch.NewDisposeScope();
            var s = g.Rank + 1.0;
            var a = Filled(1, 4).requires_grad_();
            var b = Filled(2, 3, 2).requires_grad_();
            var c = Filled(1, 20).requires_grad_();
            using var reducer = new GradientReducer(new[] { a, b, c }, g, bucketCapBytes: 16, firstBucketBytes: 16);
            var steps = new List<(bool, Tensor, Tensor, Tensor)>();
            for (var step = 0; step < 3; step++)
            {
                reducer.Backward((a * s).sum() + (b * b).sum() * s + (c * c).sum() * s);
                steps.Add((reducer.LastBackwardReduced, a.grad!.DetachFromDisposeScope(), b.grad!.DetachFromDisposeScope(), c.grad!.DetachFromDisposeScope()));
                foreach (var p in new[] { a, b, c }) p.zero_grad();
            }
            return steps;
        });
        foreach (var steps in results)
            foreach (var (reduced, ga, gb, gc) in steps)
            {
                Assert.True(reduced);
                // d/da = s, d/db = 2b·s = 4s, d/dc = 2c·s = 2s, with s = 1 and 2 on the two ranks.
                TensorAssert.Equal(Filled(1.5, 4), ga);
                TensorAssert.Equal(Filled(6, 3, 2), gb);
                TensorAssert.Equal(Filled(3, 20), gc);
            }
    }

    [Fact]
    public void WithFindUnusedParametersAnUnreachedParameterKeepsNoGradientWithoutItTheReductionIsReportedIncomplete()
    {
        var results = RunRanks(2, g =>
        {
            using var scope = torch.NewDisposeScope();
            var s = g.Rank + 1.0;
            var used = Filled(1, 3).requires_grad_();
            var unused = Filled(1, 3).requires_grad_();
            var parameters = new[] { used, unused };
            var reached = GradientReducer.ReachedParameters(parameters, new[] { (used * s).sum() });
            bool strictReduced;
            using (var strict = new GradientReducer(parameters, g))
            {
                strict.Backward((used * s).sum());
                strictReduced = strict.LastBackwardReduced;
            }
            used.zero_grad();
            using var reducer = new GradientReducer(parameters, g, findUnusedParameters: true);
            reducer.Backward((used * s).sum());
            return (reached, strictReduced, reducer.LastBackwardReduced, used.grad!.DetachFromDisposeScope(), unused.grad is null);
        });
        foreach (var (reached, strictReduced, reduced, grad, unusedHasNoGrad) in results)
        {
            Assert.Equal(new[] { true, false }, reached);
            Assert.False(strictReduced);
            Assert.True(reduced);
            TensorAssert.Equal(Filled(1.5, 3), grad);
            Assert.True(unusedHasNoGrad);
        }
    }

    [Fact]
    public void ABackwardThatWasNotPreparedOnlyAccumulatesLocally()
    {
        var results = RunRanks(2, g =>
        {
            using var scope = torch.NewDisposeScope();
            var p = Filled(1, 2).requires_grad_();
            using var reducer = new GradientReducer(new[] { p }, g);
            (p * (g.Rank + 1.0)).sum().backward();
            (p * (g.Rank + 1.0)).sum().backward();
            var local = p.grad!.clone().DetachFromDisposeScope();
            // The synchronising step averages what was accumulated: (2·1 + 2·2 + 1 + 2) / 2 = 4.5.
            reducer.Backward((p * (g.Rank + 1.0)).sum());
            return (g.Rank, local, p.grad!.DetachFromDisposeScope());
        });
        foreach (var (rank, local, synced) in results)
        {
            TensorAssert.Equal(Filled(2.0 * (rank + 1), 2), local);
            TensorAssert.Equal(Filled(4.5, 2), synced);
        }
    }

    [Fact]
    public void APeerThatNeverRunsBackwardMakesTheOtherTimeOutWithATypedError()
    {
        using var rank0Done = new ManualResetEventSlim();
        var results = RunRanks(2, g =>
        {
            using var scope = torch.NewDisposeScope();
            var p = Filled(1, 2).requires_grad_();
            using var reducer = new GradientReducer(new[] { p }, g);
            if (g.Rank == 1)
            {
                rank0Done.Wait(Timeout);
                return (Exception?)null;
            }
            var error = Record(() => reducer.Backward(p.sum()));
            rank0Done.Set();
            return error;
        }, timeout: TimeSpan.FromSeconds(2));
        var timeout = Assert.IsType<DistributedTimeoutException>(results[0]);
        Assert.Contains("torch.distributed.all_reduce (rank 0 of 2, 1 parameters, overlapped with backward) timed out", timeout.Message);
    }

    [Fact]
    public void BadArgumentsAreRefusedWithWhatWasReceived()
    {
        var errors = RunRanks(1, g =>
        {
            using var scope = torch.NewDisposeScope();
            var leaf = Filled(1, 3).requires_grad_();
            var list = new List<Exception?>
            {
                Record(() => new GradientReducer(Array.Empty<Tensor>(), g)),
                Record(() => new GradientReducer(new[] { torch.zeros(2, 3) }, g)),
                Record(() => new GradientReducer(new[] { leaf * 2.0 }, g)),
                Record(() => new GradientReducer(new[] { leaf }, g, bucketCapBytes: 0)),
            };
            var reducer = new GradientReducer(new[] { leaf }, g);
            list.Add(Record(() => reducer.Backward(leaf * 2.0)));
            reducer.Dispose();
            list.Add(Record(() => reducer.Backward(leaf.sum())));
            return list;
        })[0];
        Assert.IsType<ArgumentException>(errors[0]);
        Assert.Contains("no parameters were given", errors[0]!.Message);
        Assert.IsType<ArgumentException>(errors[1]);
        Assert.Contains("parameters[0] (float32[2, 3]) is not a leaf tensor that requires grad", errors[1]!.Message);
        Assert.IsType<ArgumentException>(errors[2]);
        Assert.Contains("parameters[0] (float32[3]) is not a leaf tensor that requires grad", errors[2]!.Message);
        Assert.IsType<ArgumentOutOfRangeException>(errors[3]);
        Assert.Contains("bucketCapBytes must be positive; received 0", errors[3]!.Message);
        Assert.IsType<TorchShapeException>(errors[4]);
        Assert.Contains("the loss must have one element; received shape [3]", errors[4]!.Message);
        Assert.IsType<ObjectDisposedException>(errors[5]);
        Assert.Contains("This gradient reducer was disposed", errors[5]!.Message);
    }

    private static Exception? Record(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
