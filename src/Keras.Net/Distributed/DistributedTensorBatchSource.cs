using KerasNet.Data;

namespace KerasNet.Distributed;

/// <summary>
/// This process's batches of in-memory tensors under data parallelism: the samples a <see cref="DistributedSampler"/>
/// gives this rank for the epoch, <see cref="BatchSize"/> at a time (the last batch may be smaller, and is the same
/// size on every rank).
/// </summary>
public sealed class DistributedTensorBatchSource : IDataSource
{
    private readonly IReadOnlyList<Tensor> x;
    private readonly IReadOnlyList<Tensor> y;
    private readonly Tensor? sampleWeight;

    /// <summary>Creates the source; the tensors are validated as <see cref="TensorBatchSource"/> does.</summary>
    public DistributedTensorBatchSource(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, Tensor? sampleWeight, int batchSize, DistributedSampler sampler)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        var check = new TensorBatchSource(x, y, sampleWeight, batchSize, shuffle: false);
        if (check.Count != sampler.Count)
            throw new ArgumentException($"The sampler covers {sampler.Count} samples but the tensors hold {check.Count}.", nameof(sampler));
        (this.x, this.y, this.sampleWeight, BatchSize) = (x, y, sampleWeight, batchSize);
        Sampler = sampler;
    }

    /// <summary>Samples per batch on this process.</summary>
    public int BatchSize { get; }

    /// <summary>Which samples this process reads.</summary>
    public DistributedSampler Sampler { get; }

    /// <inheritdoc/>
    public int? BatchCount => (int)((Sampler.SamplesPerRank + BatchSize - 1) / BatchSize);

    /// <inheritdoc/>
    public IEnumerable<Batch> GetBatches(int epoch)
    {
        var indices = Sampler.Indices(epoch);
        for (long start = 0; start < indices.Length; start += BatchSize)
        {
            var length = (int)Math.Min(BatchSize, indices.Length - start);
            var index = torch.tensor(indices.AsSpan((int)start, length).ToArray());
            yield return new Batch(x.Select(t => t.index_select(0, index)).ToArray(), y.Select(t => t.index_select(0, index)).ToArray(),
                sampleWeight?.index_select(0, index));
        }
    }
}
