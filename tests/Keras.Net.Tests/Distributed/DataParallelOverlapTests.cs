using KerasNet.Distributed;
using KerasNet.Layers;
using KerasNet.Losses;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.TorchSupport.Mpi;

namespace KerasNet.Tests.Distributed;

/// <summary>DataParallel(overlap: true) in one process, over a stand-in for MPI that plays two equal processes.</summary>
[Collection(MpiProcessCollection.Name)]
public class DataParallelOverlapTests
{
    // Records each float32 all-reduce (a gradient bucket) and whether backward started it.
    private sealed class TwinCollectives : ITensorCollectives
    {
        public List<(long Elements, bool InBackward)> Buckets { get; } = new();

        public int Rank => 0;

        public int Size => 2;

        public TimeSpan Timeout { get; set; } = MpiCommunicator.DefaultTimeout;

        public PendingCollective StartAllReduce(Tensor tensor, ReduceOperation operation)
        {
            if (tensor.dtype == ScalarType.Float32)
                Buckets.Add((tensor.numel(), Environment.StackTrace.Contains(nameof(GradientReadyFunction), StringComparison.Ordinal)));
            if (operation == ReduceOperation.Sum) tensor.mul_(2);
            return MpiTestSupport.Completed(tensor);
        }

        public PendingCollective StartBroadcast(Tensor tensor, int root) => MpiTestSupport.Completed(tensor);

        public void WaitAll(IReadOnlyList<PendingCollective> pending)
        {
        }

        public long[] AllGather(long[] values) => values.Concat(values).ToArray();
    }

    private static (float[] Weights, List<(long, bool)> Buckets) Train(bool overlap, int accumulation)
    {
        using var scope = torch.NewDisposeScope();
        var twin = new TwinCollectives();
        // Buckets of at most 64 bytes: the 2-float bias, the 16-float kernel of the last layer, then the first layer's.
        using var dp = new DataParallel(twin, bucketCapMb: 64.0 / (1024 * 1024), overlap: overlap);
        TrainingDistribution.Set(dp);
        try
        {
            torch.manual_seed(3);
            var model = new Sequential(new Layer[] { Keras.Input(4), new Dense(8, activation: "tanh", kernelRegularizer: new KerasNet.Regularizers.L2(0.01)), new Dense(2) });
            model.Compile(new SGD(learningRate: 0.1, momentum: 0.9, gradientAccumulationSteps: accumulation), new MeanSquaredError());
            var generator = new torch.Generator(5);
            var x = torch.normal(0, 1, new long[] { 32, 4 }, generator: generator);
            var y = torch.normal(0, 1, new long[] { 32, 2 }, generator: generator);
            model.Fit(x, y, batchSize: 4, epochs: 2, shuffle: false, verbose: Verbosity.Silent);
            return (model.Weights.SelectMany(w => w.Value.reshape(-1).data<float>().ToArray()).ToArray(), twin.Buckets);
        }
        finally
        {
            TrainingDistribution.Clear();
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void BackwardStartsTheBucketsInReverseLayerOrderAndTheWeightsEqualTheAfterBackwardPath(int accumulation)
    {
        var (after, afterBuckets) = Train(overlap: false, accumulation);
        var (overlapped, buckets) = Train(overlap: true, accumulation);
        // 16 samples per process, 4 per step, 2 epochs: 8 steps, of which 8 / accumulation update.
        var updates = 8 / accumulation;
        Assert.Equal(updates * 4, afterBuckets.Count);
        Assert.All(afterBuckets, b => Assert.False(b.Item2));
        Assert.Equal(updates * 4, buckets.Count);
        Assert.All(buckets, b => Assert.True(b.Item2, "a bucket was all-reduced after backward"));
        Assert.Equal(new[] { 2L, 16L, 8L, 8L * 4 }, buckets.Take(4).Select(b => b.Item1).ToArray());
        // The same sums, divided the same way: bit-identical weights (the L2 penalty's gradient goes through the identity too).
        Assert.Equal(after, overlapped);
    }
}
