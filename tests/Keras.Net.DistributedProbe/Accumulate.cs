using System.Globalization;
using KerasNet.Callbacks;
using KerasNet.Data;
using KerasNet.Distributed;
using KerasNet.Models;
using KerasNet.Optimizers;

namespace KerasNet.DistributedProbe;

/// <summary>
/// <c>accumulate OUT_DIR</c>: SGD with gradientAccumulationSteps 2 over 64 samples (8 per process and step, 1 epoch) under
/// a counting wrapper of DataParallel; writes weights-RANK.bin and reductions-RANK.txt (how many gradient reductions
/// ran; with --overlap, how many gradient buckets were all-reduced). One process: the same 16-sample global batches, accumulated over 2 steps likewise.
/// </summary>
internal static class Accumulate
{
    private sealed class Counting(DataParallel inner) : IDistributionContext
    {
        public int Reductions { get; private set; }

        public int Rank => inner.Rank;

        public int WorldSize => inner.WorldSize;

        public bool IsChief => inner.IsChief;

        public IDataSource ShardTensors(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, Tensor? sampleWeight, int batchSize, bool shuffle) =>
            inner.ShardTensors(x, y, sampleWeight, batchSize, shuffle);

        public IDataSource ShardData(IDataSource data) => inner.ShardData(data);

        public void SynchronizeWeights(IReadOnlyList<Tensor> weights) => inner.SynchronizeWeights(weights);

        public void ReduceGradients(IReadOnlyList<Tensor> gradients)
        {
            Reductions++;
            inner.ReduceGradients(gradients);
        }

        public double[] AllReduceSum(double[] values) => inner.AllReduceSum(values);

        public Tensor AllReduceSum(Tensor tensor) => inner.AllReduceSum(tensor);

        public bool AnyStop(bool stop) => inner.AnyStop(stop);

        public long[] AllGather(long[] values) => inner.AllGather(values);

        public bool RunsCallback(Callback callback) => inner.RunsCallback(callback);
    }

    internal static int Run(string outDir, int rank, DataParallel? dp)
    {
        Directory.CreateDirectory(outDir);
        var (x, y) = Probes.Data();
        var model = Probes.CreateModel(1000 + rank, new SGD(learningRate: 0.1, momentum: 0.9, gradientAccumulationSteps: 2));
        var reductions = 0;
        History history;
        if (dp is { Overlap: true })
        {
            // The overlapped path reduces inside backward: count the gradient buckets' all-reduces instead (one bucket per update).
            var counting = new CountingCollectives(dp.Collectives);
            using var overlapped = new DataParallel(counting, overlap: true);
            TrainingDistribution.Set(overlapped);
            history = model.Fit(x, y, batchSize: 8, epochs: 1, verbose: Verbosity.Silent);
            reductions = counting.FloatAllReduces;
        }
        else if (dp is not null)
        {
            var counting = new Counting(dp);
            TrainingDistribution.Set(counting);
            history = model.Fit(x, y, batchSize: 8, epochs: 1, verbose: Verbosity.Silent);
            reductions = counting.Reductions;
        }
        else
        {
            var source = new DistributedTensorBatchSource(new[] { x }, new[] { y }, null, 16, new DistributedSampler(64, 0, 1, shuffle: true, seed: 0));
            history = model.Fit(source, epochs: 1, verbose: Verbosity.Silent);
        }
        Probes.Write(outDir, rank, model, history);
        File.WriteAllText(Path.Combine(outDir, $"reductions-{rank}.txt"), reductions.ToString(CultureInfo.InvariantCulture));
        return 0;
    }
}
