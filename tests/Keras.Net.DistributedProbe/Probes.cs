using System.Diagnostics;
using System.Globalization;
using KerasNet.Callbacks;
using KerasNet.Distributed;
using KerasNet.Layers;
using KerasNet.Losses;
using KerasNet.Models;
using KerasNet.Optimizers;

namespace KerasNet.DistributedProbe;

/// <summary>Training, failure and timing probes on a small MLP.</summary>
internal static class Probes
{
    internal static (Tensor X, Tensor Y) Data()
    {
        using var generator = new torch.Generator(123);
        var x = torch.normal(0, 1, new long[] { 64, 8 }, generator: generator);
        var y = torch.randint(0, 3, new long[] { 64 }, generator: generator);
        return (x, y);
    }

    internal static Model CreateModel(int seed, Optimizer? optimizer = null)
    {
        // Each rank starts from different weights: DataParallel must broadcast rank 0's (seed 1000).
        torch.manual_seed(seed);
        var model = new Sequential(new Layer[] { Keras.Input(8), new Dense(16, activation: "tanh"), new Dense(3) });
        model.Compile(optimizer ?? new SGD(learningRate: 0.1, momentum: 0.9), new SparseCategoricalCrossentropy(fromLogits: true));
        return model;
    }

    internal static int Train(string outDir, int rank, bool distributed)
    {
        Directory.CreateDirectory(outDir);
        var (x, y) = Data();
        History history;
        Model model;
        if (distributed)
        {
            model = CreateModel(1000 + rank);
            var stopper = new LambdaCallback(onEpochEnd: (epoch, _) => { if (rank == 1 && epoch == 1) model.StopTraining = true; });
            var csv = new CSVLogger(Path.Combine(outDir, $"log-{rank}.csv"));
            history = model.Fit(x, y, batchSize: 8, epochs: 3, verbose: Verbosity.OneLinePerEpoch, callbacks: new Callback[] { stopper, csv });
        }
        else
        {
            model = CreateModel(1000);
            // The same global batches: the sampler's permutation for world size 1, 16 samples per step.
            var source = new DistributedTensorBatchSource(new[] { x }, new[] { y }, null, 16, new DistributedSampler(64, 0, 1, shuffle: true, seed: 0));
            history = model.Fit(source, epochs: 2, verbose: Verbosity.Silent);
        }
        Write(outDir, rank, model, history);
        return 0;
    }

    internal static int TrainWithBackup(string outDir, string backupDir, int killEpoch, int rank)
    {
        Directory.CreateDirectory(outDir);
        var (x, y) = Data();
        var model = CreateModel(1000 + rank);
        var killer = new LambdaCallback(onEpochEnd: (epoch, _) =>
        {
            if (rank != 1 || epoch != killEpoch) return;
            Console.WriteLine($"rank 1: killing itself at the end of epoch {epoch}");
            Console.Out.Flush();
            Process.GetCurrentProcess().Kill();
        });
        var backup = new BackupAndRestore(backupDir);
        var history = model.Fit(x, y, batchSize: 8, epochs: 4, verbose: Verbosity.Silent, callbacks: new Callback[] { killer, backup });
        Console.WriteLine($"rank {rank}: resumed at epoch {(backup.ResumeEpoch is { } e ? e.ToString(CultureInfo.InvariantCulture) : "none")}");
        Write(outDir, rank, model, history);
        return 0;
    }

    internal static int Die(int rank, bool hang)
    {
        var (x, y) = Data();
        var model = CreateModel(1000);
        var killer = new LambdaCallback(onTrainBatchBegin: (batch, _) =>
        {
            if (rank != 1 || batch != 2) return;
            Console.WriteLine(hang ? "rank 1: hanging" : "rank 1: killing itself");
            Console.Out.Flush();
            if (hang) Thread.Sleep(Timeout.Infinite);
            Process.GetCurrentProcess().Kill();
        });
        model.Fit(x, y, batchSize: 8, epochs: 1000, verbose: Verbosity.Silent, callbacks: new Callback[] { killer });
        Console.WriteLine("training ended without an error");
        return 0;
    }

    internal static int AllReduceTiming(DataParallel dp, long floats, int iterations)
    {
        using var scope = torch.NewDisposeScope();
        var tensors = Enumerable.Range(0, 20).Select(_ => torch.ones(Math.Max(1, floats / 20))).ToArray();
        var samples = new double[iterations];
        for (var i = -3; i < iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            dp.ReduceGradients(tensors);
            if (i >= 0) samples[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(samples);
        if (dp.IsChief) Console.WriteLine($"allreduce floats={floats} bytes={floats * 4} median_ms={samples[iterations / 2]:F3} world={dp.WorldSize}");
        return 0;
    }

    internal static void Write(string outDir, int rank, Model model, History history)
    {
        WriteFloats(Path.Combine(outDir, $"weights-{rank}.bin"), model.Weights.Select(v => v.Value));
        File.WriteAllLines(Path.Combine(outDir, $"history-{rank}.txt"), history["loss"].Select(l => l.ToString("R", CultureInfo.InvariantCulture)));
    }

    internal static void WriteFloats(string path, IEnumerable<Tensor> tensors)
    {
        using var writer = new BinaryWriter(File.Create(path));
        foreach (var t in tensors)
            foreach (var f in t.detach().contiguous().data<float>()) writer.Write(f);
    }
}
