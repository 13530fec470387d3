using System.Globalization;
using KerasNet.Callbacks;
using KerasNet.Data;
using KerasNet.Distributed;
using KerasNet.Layers;
using KerasNet.Losses;
using KerasNet.Metrics;
using BinaryCrossentropy = KerasNet.Losses.BinaryCrossentropy;
using KerasNet.Models;
using KerasNet.Optimizers;

namespace KerasNet.DistributedProbe;

/// <summary>
/// <c>eval OUT_DIR</c>: exact logs and sharded evaluation. Writes results-RANK.txt, "key value" lines. Under MPI:
/// <c>dist.train.E.KEY</c> and <c>dist.val.E.KEY</c> (Fit's logs, 2 epochs of 64 samples, 8 per process and step,
/// validation on 37 samples in batches of 5), <c>dist.eval.tensors.KEY</c> (Evaluate, 37 samples in batches of 4),
/// <c>dist.eval.source.KEY</c> (the same samples from an opaque source, 7 batches of 6), and <c>single.*</c>: the same
/// evaluations by this process alone with the same weights. One process: <c>single.train.E.KEY</c> over the same global batches.
/// </summary>
internal static class EvaluationProbe
{
    private const int Epochs = 2;

    private sealed class OpaqueSource(Tensor x, Tensor y, int batchSize) : IDataSource
    {
        private readonly TensorBatchSource inner = new(new[] { x }, new[] { y }, null, batchSize, shuffle: false);

        public int? BatchCount => inner.BatchCount;

        public IEnumerable<Batch> GetBatches(int epoch) => inner.GetBatches(epoch);
    }

    internal static int Run(string outDir, int rank, bool distributed)
    {
        Directory.CreateDirectory(outDir);
        using var generator = new torch.Generator(321);
        var x = torch.normal(0, 1, new long[] { 64, 8 }, generator: generator);
        var y = x.narrow(1, 0, 1).gt(0).to(ScalarType.Float32);
        var vx = torch.normal(0, 1, new long[] { 37, 8 }, generator: generator);
        var vy = (vx.narrow(1, 0, 1) + 0.5 * vx.narrow(1, 1, 1)).gt(0).to(ScalarType.Float32);
        var results = new List<string>();
        void Record(string prefix, IReadOnlyDictionary<string, double> logs)
        {
            foreach (var (key, value) in logs.OrderBy(p => p.Key, StringComparer.Ordinal))
                results.Add($"{prefix}.{key} {value.ToString("R", CultureInfo.InvariantCulture)}");
        }
        var model = CreateModel(2000 + rank);
        if (!distributed)
        {
            var source = new DistributedTensorBatchSource(new[] { x }, new[] { y }, null, 16, new DistributedSampler(64, 0, 1, shuffle: true, seed: 0));
            var singleHistory = model.Fit(source, epochs: Epochs, verbose: Verbosity.Silent);
            for (var e = 0; e < Epochs; e++) Record($"single.train.{e}", EpochLogs(singleHistory, e));
            File.WriteAllLines(Path.Combine(outDir, "results-0.txt"), results);
            return 0;
        }

        var snapshots = new List<Tensor[]>();
        var recorder = new LambdaCallback(onEpochEnd: (_, _) =>
            snapshots.Add(model.Weights.Select(w => w.Value.detach().clone().DetachFromDisposeScope()).ToArray()));
        var history = model.Fit(x, y, batchSize: 8, epochs: Epochs, verbose: Verbosity.OneLinePerEpoch, callbacks: new Callback[] { recorder },
            validationData: (vx, vy), validationBatchSize: 5, shuffle: true);
        for (var e = 0; e < Epochs; e++)
        {
            var logs = EpochLogs(history, e);
            Record($"dist.train.{e}", logs.Where(p => !p.Key.StartsWith("val_", StringComparison.Ordinal)).ToDictionary());
            Record($"dist.val.{e}", logs.Where(p => p.Key.StartsWith("val_", StringComparison.Ordinal)).ToDictionary(p => p.Key[4..], p => p.Value));
        }
        Record("dist.eval.tensors", model.EvaluateDict(vx, vy, batchSize: 4, verbose: Verbosity.Silent));
        Record("dist.eval.source", model.EvaluateDict(new OpaqueSource(vx, vy, 6), verbose: Verbosity.Silent));
        var final = model.Weights.Select(w => w.Value.detach().clone()).ToArray();

        var distribution = TrainingDistribution.Current;
        TrainingDistribution.Clear();
        for (var e = 0; e < Epochs; e++)
        {
            Load(model, snapshots[e]);
            Record($"single.val.{e}", model.EvaluateDict(vx, vy, batchSize: 5, verbose: Verbosity.Silent));
        }
        Load(model, final);
        Record("single.eval.tensors", model.EvaluateDict(vx, vy, batchSize: 4, verbose: Verbosity.Silent));
        Record("single.eval.source", model.EvaluateDict(new OpaqueSource(vx, vy, 6), verbose: Verbosity.Silent));
        TrainingDistribution.Set(distribution);
        File.WriteAllLines(Path.Combine(outDir, $"results-{rank}.txt"), results);
        return 0;
    }

    private static Model CreateModel(int seed)
    {
        torch.manual_seed(seed);
        var input = Keras.Input(8);
        var hidden = new Dense(16, activation: "tanh").Apply(input);
        var model = new Model(input, new Dense(1, activation: "sigmoid").Apply(hidden));
        model.Compile(new SGD(learningRate: 0.1, momentum: 0.9), new BinaryCrossentropy(),
            new Metric[] { "accuracy", new AUC(), new Precision(), new Recall(), new F1Score(threshold: 0.5) });
        return model;
    }

    private static Dictionary<string, double> EpochLogs(History history, int epoch) =>
        history.Values.Keys.ToDictionary(k => k, k => history[k][epoch]);

    private static void Load(Model model, Tensor[] weights)
    {
        for (var i = 0; i < weights.Length; i++) model.Weights[i].Assign(weights[i]);
    }
}
