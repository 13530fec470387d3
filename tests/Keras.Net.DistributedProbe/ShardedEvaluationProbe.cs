using System.Globalization;
using KerasNet;
using KerasNet.Callbacks;
using KerasNet.Data;
using KerasNet.Distributed;
using KerasNet.Layers;
using KerasNet.Losses;
using KerasNet.Metrics;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.Torch;

/// <summary>
/// <c>probe shardeval OUT_DIR</c>: exact logs and sharded evaluation under DataParallel. Writes OUT_DIR/results-RANK.txt,
/// one <c>key value</c> per line:
/// <list type="bullet">
/// <item>with WORLD_SIZE: <c>dist.train.E.KEY</c> and <c>dist.val.E.KEY</c> (Fit's epoch logs, 2 epochs of 64 samples,
/// 8 per process and step, validation on 37 samples in batches of 5), <c>dist.eval.tensors.KEY</c> (Evaluate on the 37
/// samples in batches of 4), <c>dist.eval.source.KEY</c> (the same samples from a source that is not in-memory
/// tensors, 7 batches of 6), <c>dist.eval.steps.KEY</c> (in batches of 4 with steps: 5); <c>seen.val.E</c>,
/// <c>seen.eval.tensors</c>, <c>seen.eval.source</c>, <c>seen.eval.steps</c>: the samples this process evaluated; and
/// <c>single.val.E.KEY</c>, <c>single.eval.*.KEY</c>: the same evaluations by this process alone (distribution cleared)
/// with the same weights.</item>
/// <item>without WORLD_SIZE: <c>single.train.E.KEY</c>, training over the same global batches (16 per step).</item>
/// </list>
/// </summary>
internal static class ShardedEvaluationProbe
{
    private const int Epochs = 2;

    /// <summary>A model that counts the samples its evaluation steps see.</summary>
    private sealed class CountingModel(KerasTensor input, KerasTensor output) : Model(input, output)
    {
        public long Seen { get; set; }

        protected override Dictionary<string, double> TestStep(Batch batch)
        {
            Seen += batch.Size;
            return base.TestStep(batch);
        }
    }

    /// <summary>In-memory samples served as an opaque source, so that DataParallel must shard it by batches.</summary>
    private sealed class OpaqueSource(Tensor x, Tensor y, int batchSize) : IDataSource
    {
        private readonly TensorDataSource inner = new(new[] { x }, new[] { y }, null, batchSize, shuffle: false);
        public int? BatchCount => inner.BatchCount;
        public IEnumerable<Batch> GetBatches(int epoch) => inner.GetBatches(epoch);
    }

    public static int Run(string outDir, bool distributed, int rank)
    {
        Directory.CreateDirectory(outDir);
        using var generator = new Generator(321);
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

        if (!distributed)
        {
            var single = CreateModel(2000);
            var source = new DistributedTensorDataSource(new[] { x }, new[] { y }, null, 16, new DistributedSampler(64, 0, 1, shuffle: true, seed: 0));
            var singleHistory = single.Fit(source, epochs: Epochs, verbose: Verbosity.Silent);
            for (var e = 0; e < Epochs; e++) Record($"single.train.{e}", EpochLogs(singleHistory, e));
            File.WriteAllLines(Path.Combine(outDir, "results-0.txt"), results);
            return 0;
        }

        using var dp = new DataParallel(timeout: TimeSpan.FromSeconds(60));
        TrainingDistribution.Set(dp);
        var model = CreateModel(2000 + rank);
        var snapshots = new List<Tensor[]>();
        var seenByEpoch = new List<long>();
        var recorder = new LambdaCallback(
            onEpochBegin: (_, _) => model.Seen = 0,
            onEpochEnd: (_, _) =>
            {
                seenByEpoch.Add(model.Seen);
                snapshots.Add(model.Weights.Select(w => w.Value.detach().clone().DetachFromDisposeScope()).ToArray());
            });
        var history = model.Fit(x, y, batchSize: 8, epochs: Epochs, verbose: Verbosity.OneLinePerEpoch, callbacks: new Callback[] { recorder },
            validationData: (vx, vy), validationBatchSize: 5, shuffle: true);
        for (var e = 0; e < Epochs; e++)
        {
            var logs = EpochLogs(history, e);
            Record($"dist.train.{e}", logs.Where(p => !p.Key.StartsWith("val_", StringComparison.Ordinal)).ToDictionary());
            Record($"dist.val.{e}", logs.Where(p => p.Key.StartsWith("val_", StringComparison.Ordinal)).ToDictionary(p => p.Key[4..], p => p.Value));
            results.Add($"seen.val.{e} {seenByEpoch[e]}");
        }

        Dictionary<string, double> Evaluate(string name, Func<Dictionary<string, double>> evaluate)
        {
            model.Seen = 0;
            var logs = evaluate();
            results.Add($"seen.eval.{name} {model.Seen}");
            return logs;
        }
        Record("dist.eval.tensors", Evaluate("tensors", () => model.EvaluateDict(vx, vy, batchSize: 4, verbose: Verbosity.OneLinePerEpoch)));
        Record("dist.eval.source", Evaluate("source", () => model.EvaluateDict(new OpaqueSource(vx, vy, 6), verbose: Verbosity.Silent)));
        Record("dist.eval.steps", Evaluate("steps", () => model.EvaluateDict(vx, vy, batchSize: 4, verbose: Verbosity.Silent, steps: 5)));
        var final = model.Weights.Select(w => w.Value.detach().clone()).ToArray();

        // The references: this process alone, with the same weights.
        TrainingDistribution.Clear();
        for (var e = 0; e < Epochs; e++)
        {
            Load(model, snapshots[e]);
            Record($"single.val.{e}", model.EvaluateDict(vx, vy, batchSize: 5, verbose: Verbosity.Silent));
        }
        Load(model, final);
        Record("single.eval.tensors", model.EvaluateDict(vx, vy, batchSize: 4, verbose: Verbosity.Silent));
        Record("single.eval.source", model.EvaluateDict(new OpaqueSource(vx, vy, 6), verbose: Verbosity.Silent));
        Record("single.eval.steps", model.EvaluateDict(vx, vy, batchSize: 4, verbose: Verbosity.Silent, steps: 5));
        File.WriteAllLines(Path.Combine(outDir, $"results-{rank}.txt"), results);
        return 0;
    }

    private static CountingModel CreateModel(int seed)
    {
        torch.manual_seed(seed);
        var input = Keras.Input(8);
        var hidden = new Dense(16, activation: "tanh").Apply(input);
        var model = new CountingModel(input, new Dense(1, activation: "sigmoid").Apply(hidden));
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
