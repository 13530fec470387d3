using KerasNet.Data;
using KerasNet.Distributed;

namespace KerasNet.Tests.DistributedTests;

/// <summary>Data-parallel evaluation's shards: every sample (or batch) on exactly one rank, nothing padded or dropped.</summary>
public class EvaluationShardingTests
{
    [Theory]
    [InlineData(37, 2)]
    [InlineData(10, 3)]
    [InlineData(2, 3)]
    [InlineData(1, 4)]
    [InlineData(0, 2)]
    public void SampleRangesAreContiguousDisjointAndCoverEverySample(long count, int worldSize)
    {
        long next = 0;
        for (var r = 0; r < worldSize; r++)
        {
            var (start, length) = EvaluationSharding.SampleRange(count, r, worldSize);
            Assert.Equal(next, start);
            Assert.InRange(length, count / worldSize, (count + worldSize - 1) / worldSize);
            next += length;
        }
        Assert.Equal(count, next);
        if (count > 0) Assert.True(EvaluationSharding.SampleRange(count, 0, worldSize).Length > 0, "rank 0 has data whenever there is some");
    }

    private static long[] Samples(IDataSource source) =>
        source.GetBatches(0).SelectMany(b => b.X[0].to(ScalarType.Int64).data<long>().ToArray()).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void InMemoryTensorsAreSplitIntoContiguousRangesOfSamples(bool shuffle)
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(37).to(ScalarType.Float32).unsqueeze(1);
        var y = torch.arange(37) * 10;
        var source = new TensorBatchSource(new[] { x }, new[] { y }, torch.arange(37).to(ScalarType.Float32), batchSize: 5, shuffle: shuffle);
        var (rank0, steps0) = EvaluationSharding.Shard(source, null, 0, 2);
        var (rank1, steps1) = EvaluationSharding.Shard(source, null, 1, 2);
        Assert.Null(steps0);
        Assert.Null(steps1);
        Assert.Equal(4, rank0.BatchCount); // 19 samples
        Assert.Equal(4, rank1.BatchCount); // 18 samples
        var a = Samples(rank0);
        var b = Samples(rank1);
        Assert.Equal(Enumerable.Range(0, 19).Select(i => (long)i), a.Order());
        Assert.Equal(Enumerable.Range(19, 18).Select(i => (long)i), b.Order());
        if (!shuffle) Assert.Equal(Enumerable.Range(0, 19).Select(i => (long)i), a);
        // Targets and weights are sliced with the inputs.
        foreach (var batch in rank1.GetBatches(0))
        {
            var samples = batch.X[0].squeeze(1).to(ScalarType.Int64).data<long>().ToArray();
            Assert.Equal(samples.Select(i => i * 10), batch.Y[0].data<long>().ToArray());
            Assert.Equal(samples, batch.SampleWeight!.to(ScalarType.Int64).data<long>().ToArray());
        }
    }

    [Fact]
    public void AStepsLimitCountsGlobalBatchesAndIsFoldedIntoTheShards()
    {
        using var scope = torch.NewDisposeScope();
        var source = new TensorBatchSource(new[] { torch.arange(37).to(ScalarType.Float32) }, Array.Empty<Tensor>(), null, batchSize: 5, shuffle: false);
        // 3 global batches = the first 15 samples: 8 and 7.
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (long)i), Samples(EvaluationSharding.Shard(source, 3, 0, 2).Data));
        Assert.Equal(Enumerable.Range(8, 7).Select(i => (long)i), Samples(EvaluationSharding.Shard(source, 3, 1, 2).Data));
    }

    private sealed class NumberedBatches(int count, bool knowsCount) : IDataSource
    {
        public int? BatchCount => knowsCount ? count : null;
        public IEnumerable<Batch> GetBatches(int epoch)
        {
            for (var i = 0; i < count; i++) yield return new Batch(new[] { torch.full(new long[] { 2 }, i) }, Array.Empty<Tensor>());
        }
    }

    private static long[] BatchNumbers(IDataSource source) => source.GetBatches(0).Select(b => (long)b.X[0][0].ToDouble()).ToArray();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OtherSourcesAreSplitByBatchesWithTheRemainderOnTheFirstRanks(bool knowsCount)
    {
        using var scope = torch.NewDisposeScope();
        var source = new NumberedBatches(7, knowsCount);
        var shards = Enumerable.Range(0, 2).Select(r => EvaluationSharding.Shard(source, null, r, 2)).ToArray();
        Assert.All(shards, s => Assert.Null(s.Steps));
        Assert.Equal(new long[] { 0, 2, 4, 6 }, BatchNumbers(shards[0].Data));
        Assert.Equal(new long[] { 1, 3, 5 }, BatchNumbers(shards[1].Data));
        Assert.Equal(knowsCount ? 4 : null, shards[0].Data.BatchCount);
        Assert.Equal(knowsCount ? 3 : null, shards[1].Data.BatchCount);

        // With a limit of 5 global batches: 0, 2, 4 and 1, 3.
        var limited = Enumerable.Range(0, 2).Select(r => EvaluationSharding.Shard(source, 5, r, 2).Data).ToArray();
        Assert.Equal(new long[] { 0, 2, 4 }, BatchNumbers(limited[0]));
        Assert.Equal(new long[] { 1, 3 }, BatchNumbers(limited[1]));
        Assert.Equal(3, limited[0].BatchCount);
        Assert.Equal(2, limited[1].BatchCount);

        // Fewer batches than ranks: the last rank gets none (and evaluates nothing).
        var few = EvaluationSharding.Shard(new NumberedBatches(1, knowsCount), null, 1, 2).Data;
        Assert.Empty(BatchNumbers(few));
        Assert.Equal(knowsCount ? 0 : null, few.BatchCount);
    }

    [Fact]
    public void SourcesAlreadyShardedForTrainingAreKept()
    {
        using var scope = torch.NewDisposeScope();
        var sharded = new ShardedDataSource(new NumberedBatches(4, true), 1, 2);
        var (data, steps) = EvaluationSharding.Shard(sharded, 2, 1, 2);
        Assert.Same(sharded, data);
        Assert.Equal(2, steps);
    }
}
