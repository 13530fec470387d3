using KerasNet.Data;
using KerasNet.Distributed;

namespace KerasNet.Tests.DistributedTests;

public class DistributedSamplerTests
{
    [Fact]
    public void RanksShareOnePermutationPerEpochAndTogetherCoverEverySample()
    {
        var r0 = new DistributedSampler(10, 0, 2, shuffle: true, seed: 7);
        var r1 = new DistributedSampler(10, 1, 2, shuffle: true, seed: 7);
        var a = r0.Indices(0);
        var b = r1.Indices(0);
        Assert.Equal(5, a.Length);
        Assert.Equal(5, b.Length);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), a.Concat(b).OrderBy(i => i));
        // Rank-strided: interleaving the shards gives the epoch's permutation, the same one a single process sees.
        var single = new DistributedSampler(10, 0, 1, shuffle: true, seed: 7).Indices(0);
        Assert.Equal(single, a.Zip(b, (x, y) => new[] { x, y }).SelectMany(p => p));
        // Another epoch, another order; the same epoch again, the same order.
        Assert.NotEqual(a, r0.Indices(1));
        Assert.Equal(a, r0.Indices(0));
    }

    [Fact]
    public void UnevenCountsArePaddedWithTheFirstIndicesSoEveryRankHasAsMany()
    {
        var shards = Enumerable.Range(0, 3).Select(r => new DistributedSampler(7, r, 3, shuffle: false).Indices(0)).ToArray();
        Assert.Equal(new long[] { 0, 3, 6 }, shards[0]);
        Assert.Equal(new long[] { 1, 4, 0 }, shards[1]);
        Assert.Equal(new long[] { 2, 5, 1 }, shards[2]);
    }

    [Fact]
    public void TheDistributedSourceBatchesThisRanksSamples()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(10, dtype: torch.float32).reshape(10, 1);
        var y = torch.arange(10);
        var source = new DistributedTensorBatchSource(new[] { x }, new[] { y }, null, 2, new DistributedSampler(10, 1, 2, shuffle: false));
        Assert.Equal(3, source.BatchCount);
        var batches = source.GetBatches(0).ToArray();
        Assert.Equal(new long[] { 1, 3 }, batches[0].Y[0].data<long>().ToArray());
        Assert.Equal(new long[] { 5, 7 }, batches[1].Y[0].data<long>().ToArray());
        Assert.Equal(new long[] { 9 }, batches[2].Y[0].data<long>().ToArray());
        Assert.Equal(new float[] { 9 }, batches[2].X[0].data<float>().ToArray());
    }

    [Fact]
    public void AShardedSourceTakesEveryWorldSizeThBatchAndDropsTheIncompleteRound()
    {
        using var scope = torch.NewDisposeScope();
        var inner = new TensorBatchSource(new[] { torch.arange(7, dtype: torch.float32).reshape(7, 1) }, new[] { torch.arange(7) }, null, 1, shuffle: false);
        var shard = new ShardedDataSource(inner, 1, 3);
        Assert.Equal(2, shard.BatchCount);
        Assert.Equal(new long[] { 1, 4 }, shard.GetBatches(0).Select(b => b.Y[0].data<long>().ToArray()[0]));
    }

    [Fact]
    public void BadArgumentsNameWhatIsWrong()
    {
        var rank = Assert.Throws<ArgumentOutOfRangeException>(() => new DistributedSampler(10, 2, 2));
        Assert.Contains("rank must be in [0, worldSize) = [0, 2); received 2", rank.Message);
        var count = Assert.Throws<ArgumentOutOfRangeException>(() => new DistributedSampler(0, 0, 1));
        Assert.Contains("at least one sample; received 0", count.Message);
        var unknown = Assert.Throws<ArgumentException>(() => new ShardedDataSource(new EndlessSource(), 0, 2));
        Assert.Contains("unknown length (EndlessSource.BatchCount is null)", unknown.Message);
    }

    private sealed class EndlessSource : IDataSource
    {
        public int? BatchCount => null;

        public IEnumerable<Batch> GetBatches(int epoch)
        {
            while (true) yield return new Batch(new[] { torch.zeros(1, 1) }, new[] { torch.zeros(1) });
        }
    }
}
