using KerasNet.Data;

namespace KerasNet.Layers;

/// <summary>
/// The batches of a source with one input (images) and one target (one-hot labels) mixed by a
/// <see cref="BatchMixingLayer"/> (made by <see cref="BatchMixingLayer.ApplyTo"/>). Batch b of epoch e draws from a
/// generator seeded by (seed, e, b), so a run is reproducible and a restored epoch mixes as before. The mixing runs
/// on the consumer's thread, inside the trainer's per-batch dispose scope.
/// </summary>
internal sealed class MixedBatchSource : IDataSource
{
    private readonly BatchMixingLayer layer;
    private readonly IDataSource data;
    private readonly int input;
    private readonly int target;
    private readonly long seed;

    internal MixedBatchSource(BatchMixingLayer layer, IDataSource data, int input, int target, long seed) =>
        (this.layer, this.data, this.input, this.target, this.seed) = (layer, data, input, target, seed);

    /// <inheritdoc/>
    public int? BatchCount => data.BatchCount;

    /// <inheritdoc/>
    public IEnumerable<Batch> GetBatches(int epoch)
    {
        var index = 0;
        foreach (var batch in data.GetBatches(epoch))
        {
            if (input >= batch.X.Count || target >= batch.Y.Count)
                throw new ArgumentException(
                    $"{layer.GetType().Name} '{layer.Name}': mixing input {input} and target {target}, but the batch has {batch.X.Count} input(s) and " +
                    $"{batch.Y.Count} target(s). Pass the indices of the images and of the one-hot labels to ApplyTo.");
            using var generator = new Generator(SampleSeeds.Derive(seed, epoch, index++));
            var (images, labels) = layer.MixBatch(batch.X[input], batch.Y[target], generator);
            var x = batch.X.ToArray();
            var y = batch.Y.ToArray();
            (x[input], y[target]) = (images, labels);
            yield return new Batch(x, y, batch.SampleWeight);
        }
    }
}
