using KerasNet.Data;
using KerasNet.Data.Transforms;
using Dense = KerasNet.Layers.Dense;
using Flatten = KerasNet.Layers.Flatten;
using KerasNet.Models;

namespace KerasNet.Tests.Data;

public class DataLoaderTests
{
    /// <summary>Images whose pixels encode their index, so a batch says which samples it holds.</summary>
    private static Tensor Images(int count) => torch.arange(count * 3 * 8 * 8).reshape(count, 3, 8, 8).to(ScalarType.Float32) / 1000.0;

    private static ITransform Augmentation() => new Compose(new RandomCropTransform(6, padding: 1), new RandomHorizontalFlip(), new RandomRotationTransform(20, "bilinear"),
        new ColorJitter(brightness: 0.3));

    private static List<(float[] X, long[] Y)> Read(DataLoader loader, int epoch)
    {
        var result = new List<(float[], long[])>();
        foreach (var batch in loader.GetBatches(epoch))
            using (batch.AsTestDisposable())
                result.Add((batch.X[0].data<float>().ToArray(), batch.Y[0].data<long>().ToArray()));
        return result;
    }

    [Fact]
    public void SameSeedGivesTheSameBatchesAndAugmentationWithOneOrFourWorkers()
    {
        using var x = Images(37);
        using var y = torch.arange(37);
        var dataset = new TensorDataset(x, y, Augmentation());
        var serial = Read(new DataLoader(dataset, batchSize: 5, shuffle: true, seed: 11, numWorkers: 0), epoch: 1);
        var one = Read(new DataLoader(dataset, batchSize: 5, shuffle: true, seed: 11, numWorkers: 1), epoch: 1);
        var four = Read(new DataLoader(dataset, batchSize: 5, shuffle: true, seed: 11, numWorkers: 4, prefetchFactor: 1), epoch: 1);
        Assert.Equal(8, serial.Count);
        for (var b = 0; b < serial.Count; b++)
        {
            Assert.Equal(serial[b].Y, one[b].Y);
            Assert.Equal(serial[b].Y, four[b].Y);
            Assert.Equal(serial[b].X, one[b].X);
            Assert.Equal(serial[b].X, four[b].X);
        }
        // The augmentation is really random: another seed gives other pixels for the same samples.
        var other = Read(new DataLoader(dataset, batchSize: 37, shuffle: false, seed: 12), 1)[0];
        var same = Read(new DataLoader(dataset, batchSize: 37, shuffle: false, seed: 11), 1)[0];
        Assert.NotEqual(same.X, other.X);
        Assert.Equal(same.Y, other.Y);
    }

    [Fact]
    public void ShufflesEveryEpochIntoAPermutationOfAllSamples()
    {
        using var x = Images(20);
        using var y = torch.arange(20);
        var loader = new DataLoader(new TensorDataset(x, y), batchSize: 6, shuffle: true, seed: 3, numWorkers: 2);
        var epoch0 = Read(loader, 0).SelectMany(b => b.Y).ToArray();
        var epoch1 = Read(loader, 1).SelectMany(b => b.Y).ToArray();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), epoch0.OrderBy(v => v));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), epoch1.OrderBy(v => v));
        Assert.NotEqual(epoch0, epoch1);
        Assert.Equal(epoch0, Read(loader, 0).SelectMany(b => b.Y).ToArray());
        var ordered = new DataLoader(new TensorDataset(x, y), batchSize: 6);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), Read(ordered, 5).SelectMany(b => b.Y));
    }

    [Theory]
    [InlineData(false, 3, 2)]
    [InlineData(true, 2, 4)]
    public void DropLastDropsOnlyTheShortLastBatch(bool dropLast, int batches, int lastSize)
    {
        using var x = Images(10);
        using var y = torch.arange(10);
        var loader = new DataLoader(new TensorDataset(x, y), batchSize: 4, dropLast: dropLast, numWorkers: 2);
        Assert.Equal(batches, loader.BatchCount);
        var read = Read(loader, 0);
        Assert.Equal(batches, read.Count);
        Assert.Equal(lastSize, read[^1].Y.Length);
    }

    /// <summary>Counts the samples made, so a test can see how far the workers ran ahead.</summary>
    private sealed class CountingDataset(int count) : IDataset
    {
        private int made;
        public int Made => Volatile.Read(ref made);
        public int Count => count;
        public Sample Get(int index, Random random)
        {
            Interlocked.Increment(ref made);
            return new Sample(torch.full(new long[] { 4 }, index), torch.tensor(new long[] { index }, new long[] { 1 }).reshape());
        }
    }

    [Fact]
    public void WorkersStayWithinThePrefetchWindowWhenTheConsumerIsSlow()
    {
        var dataset = new CountingDataset(200);
        var loader = new DataLoader(dataset, batchSize: 2, numWorkers: 3, prefetchFactor: 2);
        var consumed = 0;
        foreach (var batch in loader.GetBatches(0))
        {
            using (batch.AsTestDisposable())
            {
                consumed++;
                Thread.Sleep(2); // let the workers run as far ahead as they may
                // Taken batches plus at most numWorkers × prefetchFactor = 6 claimed ahead.
                Assert.True(dataset.Made <= (consumed + 6) * 2, $"{dataset.Made} samples made after {consumed} batches");
            }
        }
        Assert.Equal(100, consumed);
        Assert.InRange(loader.LastMaxPrefetched, 1, 6);
    }

    [Fact]
    public void StoppingEarlyStopsTheWorkers()
    {
        var dataset = new CountingDataset(1000);
        var loader = new DataLoader(dataset, batchSize: 4, numWorkers: 2, prefetchFactor: 2);
        foreach (var batch in loader.GetBatches(0).Take(3)) batch.AsTestDisposable().Dispose();
        var made = dataset.Made;
        Thread.Sleep(20);
        Assert.Equal(made, dataset.Made);
        Assert.True(made <= (3 + 4) * 4, $"{made} samples made");
    }

    private sealed class FailingDataset : IDataset
    {
        public int Count => 12;
        public Sample Get(int index, Random random) =>
            index == 7 ? throw new InvalidDataException($"sample {index} is broken") : new Sample(torch.zeros(2), torch.zeros(1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void AWorkerExceptionSurfacesInTheCallerWithItsTypeAndMessage(int workers)
    {
        var loader = new DataLoader(new FailingDataset(), batchSize: 2, numWorkers: workers);
        var batches = 0;
        var error = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var batch in loader.GetBatches(0)) { batches++; batch.AsTestDisposable().Dispose(); }
        });
        Assert.Equal("sample 7 is broken", error.Message);
        Assert.Equal(3, batches);
    }

    private sealed class Stream(int count) : IStreamingDataset
    {
        public int? Count => count;
        public IEnumerable<Sample> Read(Func<int, Random> randomFor)
        {
            for (var i = 0; i < count; i++)
                yield return new Sample(torch.full(new long[] { 2 }, randomFor(i).NextDouble()), torch.tensor(new long[] { i }, new long[] { 1 }).reshape());
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(2, true)]
    public void StreamingDatasetsAreBatchedInOrderWithSeededRandomness(int workers, bool dropLast)
    {
        var loader = new DataLoader(new Stream(11), batchSize: 4, seed: 5, dropLast: dropLast, numWorkers: workers);
        var batches = Read(loader, 2);
        Assert.Equal(dropLast ? 2 : 3, loader.BatchCount);
        Assert.Equal(Enumerable.Range(0, dropLast ? 8 : 11).Select(i => (long)i), batches.SelectMany(b => b.Y));
        var reference = Read(new DataLoader(new Stream(11), batchSize: 4, seed: 5, dropLast: dropLast), 2);
        Assert.Equal(reference.SelectMany(b => b.X), batches.SelectMany(b => b.X));
        Assert.Equal((float)SampleSeeds.For(5, 2, 3).NextDouble(), batches[0].X[6]);
    }

    [Fact]
    public void PinMemoryWithoutCudaIsANoOpAndChangesNothing()
    {
        using var x = Images(6);
        using var y = torch.arange(6);
        var pinned = new DataLoader(new TensorDataset(x, y), batchSize: 4, pinMemory: true, numWorkers: 1);
        Assert.Equal(torch.cuda.is_available(), pinned.PinMemory);
        var plain = new DataLoader(new TensorDataset(x, y), batchSize: 4);
        Assert.Equal(Read(plain, 0).SelectMany(b => b.X), Read(pinned, 0).SelectMany(b => b.X));
    }

    [Fact]
    public void BadArgumentsAreRejectedWithTheirNames()
    {
        using var x = Images(4);
        var dataset = new TensorDataset(x);
        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(dataset, batchSize: 0)).ParamName);
        Assert.Contains("numWorkers must be 0", Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(dataset, numWorkers: -1)).Message);
        Assert.Contains("prefetchFactor must be at least 1", Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(dataset, prefetchFactor: 0)).Message);
        using var y = torch.arange(5);
        Assert.Contains("same number of samples", Assert.Throws<ArgumentException>(() => new TensorDataset(x, y)).Message);
    }

    [Fact]
    public void CollateNamesTheSampleWhoseShapeDiffers()
    {
        var samples = new[] { new Sample(torch.zeros(3, 4, 4)), new Sample(torch.zeros(3, 5, 4)) };
        var error = Assert.Throws<ArgumentException>(() => Collate.Stack(samples));
        Assert.Contains("sample 1 of the batch has input 0 of shape [3, 5, 4] but sample 0 has [3, 4, 4]", error.Message);
    }
}

internal sealed class StepRecorder : KerasNet.Callbacks.Callback
{
    private int batches;
    public List<int> BatchesPerEpoch { get; } = new();
    public int? DeclaredSteps => Parameters.Steps;
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs) => batches = 0;
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => batches++;
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => BatchesPerEpoch.Add(batches);
}

internal static class TestBatchExtensions
{
    public static IDisposable AsTestDisposable(this Batch batch) => new Disposer(batch);

    private sealed class Disposer(Batch batch) : IDisposable
    {
        public void Dispose()
        {
            foreach (var t in batch.X) t.Dispose();
            foreach (var t in batch.Y) t.Dispose();
            batch.SampleWeight?.Dispose();
        }
    }
}
