using System.Diagnostics;
using System.Globalization;
using KerasNet;
using KerasNet.Callbacks;
using KerasNet.Distributed;
using KerasNet.Layers;
using KerasNet.Losses;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.Torch;

// Usage (rank and world come from RANK/WORLD_SIZE/MASTER_ADDR/MASTER_PORT when WORLD_SIZE is set):
//   probe train OUT_DIR        trains 64 samples for up to 3 epochs (8 per process and step) and writes
//                              OUT_DIR/weights-<rank>.bin (float32) and OUT_DIR/history-<rank>.txt;
//                              without WORLD_SIZE: the single-process reference (16 per step, 2 epochs).
//   probe die TIMEOUT_S        rank 1 kills itself during the third step; rank 0 reports what it caught (exit 3).
//   probe allreduce FLOATS N   times N bucketed averages of FLOATS float32 values split over 20 tensors (rank 0 prints
//                              the median milliseconds): the communication cost of one data-parallel step.
//   probe backup OUT_DIR BACKUP_DIR [KILL_EPOCH]
//                              trains 4 epochs with BackupAndRestore(BACKUP_DIR) and writes OUT_DIR/weights-<rank>.bin and
//                              prints the resume epoch; with KILL_EPOCH, rank 1 kills itself at the end of that epoch
//                              (0-based), before its backup, so rank 0 is one backup ahead (rank 0 exits 3). A backup
//                              error (ModelArchiveException) exits 4.
//   probe hang TIMEOUT_S       rank 1 stops responding during the third step (it sleeps); rank 0 times out (exit 3).
//   probe shardeval OUT_DIR    exact logs and sharded validation/Evaluate (see ShardedEvaluationProbe.cs).
//   probe syncbn OUT_DIR true|false|die  BatchNormalization(synchronized) over a global batch split across ranks (SyncBatchNormProbe.cs).
//   probe unused|unused-later|accumulate OUT_DIR [off], probe reducer, probe overlap-timing STEPS BUCKET_MB: the overlapped gradient all-reduce (OverlapProbes.cs).
var mode = args.Length > 0 ? args[0] : "";
var distributed = Environment.GetEnvironmentVariable("WORLD_SIZE") is { Length: > 0 };
var rank = distributed ? int.Parse(Environment.GetEnvironmentVariable("RANK")!, CultureInfo.InvariantCulture) : 0;
torch.set_num_threads(1);
try
{
    if (distributed) WaitForEveryRank();
    return mode switch
    {
        "train" => Train(args[1]),
        "die" => Die(double.Parse(args[1], CultureInfo.InvariantCulture), hang: false),
        "hang" => Die(double.Parse(args[1], CultureInfo.InvariantCulture), hang: true),
        "backup" => TrainWithBackup(args[1], args[2], args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : -1),
        "shardeval" => ShardedEvaluationProbe.Run(args[1], distributed, rank),
        "syncbn" => SyncBatchNormProbe.Run(args[1], args[2], rank, distributed),
        "unused" or "unused-later" => KerasNet.DistributedProbe.OverlapProbes.Unused(args[1], distributed, rank, overlap: args.Length < 3 || args[2] != "off",
                                                                                     later: mode == "unused-later"),
        "accumulate" => KerasNet.DistributedProbe.OverlapProbes.Accumulate(args[1], distributed, rank, overlap: args.Length < 3 || args[2] != "off"),
        "reducer" => KerasNet.DistributedProbe.OverlapProbes.Reducer(rank),
        "overlap-timing" => KerasNet.DistributedProbe.OverlapProbes.OverlapTiming(rank, int.Parse(args[1], CultureInfo.InvariantCulture),
                                                                                  double.Parse(args[2], CultureInfo.InvariantCulture)),
        "allreduce" => AllReduceTiming(long.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture)),
        _ => Usage(),
    };
}
catch (DistributedException e)
{
    Console.WriteLine($"caught {e.GetType().Name}: {e.Message}");
    return 3;
}
catch (KerasNet.Saving.ModelArchiveException e)
{
    Console.WriteLine($"caught {e.GetType().Name}: {e.Message}");
    return 4;
}

// Startup barrier on MASTER_PORT + 1 with a generous timeout: on a loaded machine one process may start many seconds
// after the other, and the short timeouts below must measure a dead or hung peer, not a slow start.
void WaitForEveryRank()
{
    var port = int.Parse(Environment.GetEnvironmentVariable("MASTER_PORT")!, CultureInfo.InvariantCulture) + 1;
    var world = int.Parse(Environment.GetEnvironmentVariable("WORLD_SIZE")!, CultureInfo.InvariantCulture);
    using var store = new torch.distributed.TCPStore("127.0.0.1", port, world, is_master: rank == 0, timeout: TimeSpan.FromSeconds(120));
    store.add("ready", 1);
    while (store.add("ready", 0) < world) Thread.Sleep(10);
    // Rank 0 hosts the store: it leaves last, once every rank has seen the count.
    store.add("done", 1);
    if (rank == 0) while (store.add("done", 0) < world) Thread.Sleep(10);
}

int AllReduceTiming(long floats, int iterations)
{
    using var dp = new DataParallel(timeout: TimeSpan.FromSeconds(60));
    TrainingDistribution.Set(dp);
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
    if (rank == 0) Console.WriteLine($"allreduce floats={floats} bytes={floats * 4} median_ms={samples[iterations / 2]:F3} world={dp.WorldSize}");
    return 0;
}

int Usage()
{
    Console.Error.WriteLine("usage: Keras.Net.DistributedProbe train OUT_DIR | backup OUT_DIR BACKUP_DIR [KILL_EPOCH] | die TIMEOUT_S | hang TIMEOUT_S | allreduce FLOATS N | shardeval OUT_DIR");
    return 2;
}

(Tensor X, Tensor Y) Data()
{
    using var generator = new Generator(123);
    var x = torch.normal(0, 1, new long[] { 64, 8 }, generator: generator);
    var y = torch.randint(0, 3, new long[] { 64 }, generator: generator);
    return (x, y);
}

Model CreateModel(int seed)
{
    // Each rank starts from different weights: DataParallel must broadcast rank 0's (seed 1000).
    torch.manual_seed(seed);
    var model = new Sequential(new Layer[] { Keras.Input(8), new Dense(16, activation: "tanh"), new Dense(3) });
    model.Compile(new SGD(learningRate: 0.1, momentum: 0.9), new SparseCategoricalCrossentropy(fromLogits: true));
    return model;
}

int Train(string outDir)
{
    Directory.CreateDirectory(outDir);
    var (x, y) = Data();
    History history;
    if (distributed)
    {
        using var dp = new DataParallel(timeout: TimeSpan.FromSeconds(60), bucketCapMb: 0.0002); // ~200-byte buckets: several per step
        TrainingDistribution.Set(dp);
        var model = CreateModel(1000 + rank);
        // Rank 1 alone asks to stop after the second epoch: both ranks must stop there (3 epochs were asked for).
        var stopper = new LambdaCallback(onEpochEnd: (epoch, _) => { if (rank == 1 && epoch == 1) model.StopTraining = true; });
        var csv = new CSVLogger(Path.Combine(outDir, $"log-{rank}.csv"));
        history = model.Fit(x, y, batchSize: 8, epochs: 3, verbose: Verbosity.OneLinePerEpoch, callbacks: new Callback[] { stopper, csv });
        Write(outDir, model, history);
        TrainingDistribution.Clear();
    }
    else
    {
        var model = CreateModel(1000);
        // The same global batches: the sampler's permutation for world size 1, 16 samples per step.
        var source = new DistributedTensorDataSource(new[] { x }, new[] { y }, null, 16, new DistributedSampler(64, 0, 1, shuffle: true, seed: 0));
        history = model.Fit(source, epochs: 2, verbose: Verbosity.Silent);
        Write(outDir, model, history);
    }
    return 0;
}

int TrainWithBackup(string outDir, string backupDir, int killEpoch)
{
    Directory.CreateDirectory(outDir);
    var (x, y) = Data();
    using var dp = new DataParallel(timeout: TimeSpan.FromSeconds(30));
    TrainingDistribution.Set(dp);
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
    Write(outDir, model, history);
    TrainingDistribution.Clear();
    return 0;
}

void Write(string outDir, Model model, History history)
{
    using (var writer = new BinaryWriter(File.Create(Path.Combine(outDir, $"weights-{rank}.bin"))))
        foreach (var v in model.Weights)
            foreach (var f in v.Value.contiguous().data<float>()) writer.Write(f);
    File.WriteAllLines(Path.Combine(outDir, $"history-{rank}.txt"),
        history["loss"].Select(l => l.ToString("R", CultureInfo.InvariantCulture)));
}

int Die(double timeoutSeconds, bool hang)
{
    using var dp = new DataParallel(timeout: TimeSpan.FromSeconds(timeoutSeconds));
    TrainingDistribution.Set(dp);
    var (x, y) = Data();
    var model = CreateModel(1000);
    var clock = Stopwatch.StartNew();
    var killer = new LambdaCallback(onTrainBatchBegin: (batch, _) =>
    {
        if (rank == 1 && batch == 2 && hang)
        {
            Console.WriteLine("rank 1: hanging");
            Console.Out.Flush();
            Thread.Sleep(Timeout.Infinite);
        }
        if (rank == 1 && batch == 2)
        {
            Console.WriteLine("rank 1: killing itself");
            Console.Out.Flush();
            Process.GetCurrentProcess().Kill();
        }
        clock.Restart();
    });
    try
    {
        model.Fit(x, y, batchSize: 8, epochs: 1000, verbose: Verbosity.Silent, callbacks: new Callback[] { killer });
    }
    catch (DistributedException e)
    {
        Console.WriteLine($"caught {e.GetType().Name} after {clock.Elapsed.TotalSeconds:F2} s: {e.Message}");
        return 3;
    }
    Console.WriteLine("training ended without an error");
    return 0;
}
