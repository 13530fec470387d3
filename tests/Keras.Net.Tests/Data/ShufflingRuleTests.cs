using KerasNet.Data;
using KerasNet.Tests.BackendTests;

namespace KerasNet.Tests.Data;

/// <summary>
/// The one shuffling rule of the in-memory sources (<see cref="SampleSeeds"/>): an epoch's order is a function of
/// (seed, epoch), and a source given no seed draws one from libtorch's global generator.
/// </summary>
[Collection(GlobalSeedCollection.Name)]
public class ShufflingRuleTests
{
    /// <summary>The sample indices of one epoch, read from x = (i,) for sample i.</summary>
    private static long[] Samples(IDataSource source, int epoch)
    {
        var samples = new List<long>();
        foreach (var batch in source.GetBatches(epoch))
            using (batch.AsTestDisposable())
                samples.AddRange(batch.X[0].reshape(-1).to(ScalarType.Int64).data<long>().ToArray());
        return samples.ToArray();
    }

    [Fact]
    public void ASeededTensorBatchSourceGivesTheBatchesOfADataLoaderWithThatSeed()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(23).to(ScalarType.Float32).unsqueeze(1);
        var y = torch.arange(23);
        var tensors = new TensorBatchSource(new[] { x }, new[] { y }, null, batchSize: 4, shuffle: true, seed: 17);
        var loader = new DataLoader(new TensorDataset(x, y), batchSize: 4, shuffle: true, seed: 17);
        for (var epoch = 0; epoch < 3; epoch++)
        {
            var expected = loader.BatchIndices(epoch).SelectMany(b => b).Select(i => (long)i).ToArray();
            Assert.Equal(expected, Samples(tensors, epoch));
            Assert.Equal(expected, Samples(loader, epoch));
            Assert.Equal(SampleSeeds.Order(23, shuffle: true, seed: 17, epoch).Select(i => (long)i), expected);
        }
        Assert.NotEqual(Samples(tensors, 0), Samples(tensors, 1));
    }

    [Fact]
    public void WithoutASeedTheOrderIsDrawnFromLibtorchsGeneratorWhenTheEpochStarts()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(30).to(ScalarType.Float32).unsqueeze(1);
        var source = new TensorBatchSource(new[] { x }, Array.Empty<Tensor>(), null, batchSize: 7, shuffle: true);
        Assert.Null(source.Seed);
        torch.manual_seed(5);
        var first = Samples(source, 0);
        torch.manual_seed(5);
        Assert.Equal(first, Samples(source, 0));
        // The draw happens when the epoch's batches are requested: restoring the generator's state replays the epoch.
        var state = torch.get_rng_state();
        var again = Samples(source, 0);
        torch.set_rng_state(state);
        Assert.Equal(again, Samples(source, 0));
        Assert.NotEqual(first, again);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), first.Order());
    }

    [Fact]
    public void ADataLoaderWithoutASeedTakesItsSeedFromLibtorchsGenerator()
    {
        using var x = torch.arange(10).to(ScalarType.Float32).unsqueeze(1);
        torch.manual_seed(11);
        var a = new DataLoader(new TensorDataset(x), shuffle: true);
        torch.manual_seed(11);
        var b = new DataLoader(new TensorDataset(x), shuffle: true);
        var c = new DataLoader(new TensorDataset(x), shuffle: true);
        Assert.Equal(a.Seed, b.Seed);
        Assert.NotEqual(b.Seed, c.Seed);
    }

    [Fact]
    public void ATextDatasetShufflesByTheSameRule()
    {
        var texts = Enumerable.Range(0, 12).Select(i => $"text {i}").ToArray();
        var dataset = new TextDataset(texts, null, Array.Empty<string>(), null, batchSize: 5, shuffle: true, seed: 3);
        for (var epoch = 0; epoch < 3; epoch++)
        {
            var order = SampleSeeds.Order(12, shuffle: true, seed: 3, epoch);
            Assert.Equal(order, dataset.Order(epoch));
            Assert.Equal(order.Select(i => texts[i]), dataset.GetBatches(epoch).SelectMany(b => b.Texts));
        }
    }
}
