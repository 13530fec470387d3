using KerasNet;
using KerasNet.Distributed;
using KerasNet.Layers;
using KerasNet.Losses;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.Torch;

// probe syncbn OUT_DIR true|false: a Conv2D (channels-first) → BatchNormalization(synchronized) → Dense model on a fixed global batch of
// 16 samples, whose second half is shifted (so each half's statistics differ from the global batch's).
//   1. One explicit training-mode step: rank r runs samples [8r, 8r + 8), backward of its mean loss, gradients averaged
//      across ranks; writes the logits (logits-<rank>.bin) and the averaged gradients (grads-<rank>.bin).
//   2. One Fit step (SGD) over the global batch, 8 samples per rank; writes every weight (weights-<rank>.bin) and the
//      BatchNormalization's moving mean and variance (moving-<rank>.bin).
// Without WORLD_SIZE: the single-process reference, on the whole global batch in both steps (batch size 16).
// probe syncbn OUT_DIR die: trains the synchronised model; rank 1 kills itself at the start of its third step, so rank 0's
// next collective is the layer's forward all-reduce (Program.cs prints the DistributedException and exits 3).
internal static class SyncBatchNormProbe
{
    private const int Global = 16;

    public static int Run(string outDir, string variant, int rank, bool distributed)
    {
        if (variant == "die") return Die(rank);
        var synchronized = bool.Parse(variant);
        Directory.CreateDirectory(outDir);
        var (x, y) = Data();
        DataParallel? dp = null;
        if (distributed)
        {
            dp = new DataParallel(timeout: TimeSpan.FromSeconds(60));
            TrainingDistribution.Set(dp);
        }
        try
        {
            var world = dp?.WorldSize ?? 1;
            var local = Global / world;
            var (model, bn) = CreateModel(synchronized);
            using (var scope = torch.NewDisposeScope())
            {
                var xs = x.narrow(0, rank * local, local);
                var ys = y.narrow(0, rank * local, local);
                var logits = model.Apply(xs, training: true);
                new SparseCategoricalCrossentropy(fromLogits: true).Call(ys, logits).mean().backward(); // Call: per-sample losses
                var grads = model.TrainableWeights.Select(w => w.Value.grad!).ToArray();
                dp?.ReduceGradients(grads);
                WriteFloats(Path.Combine(outDir, $"logits-{rank}.bin"), new[] { logits.detach() });
                WriteFloats(Path.Combine(outDir, $"grads-{rank}.bin"), grads);
                foreach (var w in model.TrainableWeights) w.Value.zero_grad();
            }
            // Fit shards the 16 samples over the ranks (8 each) under DataParallel: one step on the global batch.
            model.Fit(x, y, batchSize: local, epochs: 1, shuffle: false, verbose: Verbosity.Silent);
            WriteFloats(Path.Combine(outDir, $"weights-{rank}.bin"), model.Weights.Select(w => w.Value).ToArray());
            WriteFloats(Path.Combine(outDir, $"moving-{rank}.bin"), new[] { bn.MovingMean.Value, bn.MovingVariance.Value });
            return 0;
        }
        finally
        {
            TrainingDistribution.Clear();
            dp?.Dispose();
        }
    }

    private static int Die(int rank)
    {
        var (x, y) = Data();
        using var dp = new DataParallel(timeout: TimeSpan.FromSeconds(20));
        TrainingDistribution.Set(dp);
        var (model, _) = CreateModel(synchronized: true);
        var killer = new KerasNet.Callbacks.LambdaCallback(onTrainBatchBegin: (batch, _) =>
        {
            if (rank != 1 || batch != 2) return;
            Console.WriteLine("rank 1: killing itself");
            Console.Out.Flush();
            System.Diagnostics.Process.GetCurrentProcess().Kill();
        });
        model.Fit(x, y, batchSize: 2, epochs: 100, verbose: Verbosity.Silent, callbacks: new[] { killer });
        Console.WriteLine("training ended without an error");
        return 0;
    }

    private static (Tensor X, Tensor Y) Data()
    {
        using var generator = new Generator(7);
        var x = torch.normal(0, 1, new long[] { Global, 2, 5, 5 }, generator: generator);
        using (torch.no_grad()) x.narrow(0, Global / 2, Global / 2).add_(3.0);
        var y = torch.randint(0, 3, new long[] { Global }, generator: generator);
        return (x, y);
    }

    private static (Model Model, BatchNormalization Bn) CreateModel(bool synchronized)
    {
        // The same seed on every rank (DataParallel's broadcast in Fit would equalise them anyway, but step 1 runs before Fit).
        torch.manual_seed(1000);
        var bn = new BatchNormalization(momentum: 0.9, synchronized: synchronized);
        var model = new Sequential(new Layer[] { Keras.Input(2, 5, 5), new Conv2D(3, 3), bn, new Flatten(), new Dense(3) });
        model.Compile(new SGD(learningRate: 0.1), new SparseCategoricalCrossentropy(fromLogits: true));
        return (model, bn);
    }

    private static void WriteFloats(string path, IEnumerable<Tensor> tensors)
    {
        using var writer = new BinaryWriter(File.Create(path));
        foreach (var t in tensors)
            foreach (var f in t.contiguous().data<float>()) writer.Write(f);
    }
}
