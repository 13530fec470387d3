using TorchSharp;
// Usage: Keras.Net.ResumeProbe <backupDir> <weightsOut> <saveFreq: epoch|N> [pauseEpoch pauseBatch]
// Trains a small MLP (dropout, shuffling, Adam, EarlyStopping) for 6 epochs with BackupAndRestore. With a pause point
// it stops there and waits to be killed; started again it resumes from the backup. Prints one line per event.
using KerasNet;
using KerasNet.Callbacks;
using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Optimizers;

if (args.Length is not (3 or 5))
{
    Console.Error.WriteLine("usage: Keras.Net.ResumeProbe <backupDir> <weightsOut> <saveFreq: epoch|N> [pauseEpoch pauseBatch]");
    return 2;
}
torch.set_num_threads(1);
torch.manual_seed(2024);
var x = torch.randn(96, 6);
var y = torch.randn(96, 3);
var model = new Sequential(new Layer[]
{
    Keras.Input(6), new Dense(16, activation: "relu", name: "probe_hidden"), new Dropout(0.25, name: "probe_dropout"), new Dense(3, name: "probe_out"),
});
model.Compile(new Adam(0.01), "mse");
SaveFrequency frequency = args[2] == "epoch" ? "epoch" : int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
var backup = new BackupAndRestore(args[0], frequency);
var pause = args.Length == 5 ? (Epoch: int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), Batch: int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture)) : ((int Epoch, int Batch)?)null;
var probe = new ProbeCallback(backup, pause);
model.Fit(x, y, batchSize: 16, epochs: 6, verbose: Verbosity.Silent,
    callbacks: new Callback[] { backup, new EarlyStopping(monitor: "loss", patience: 50), probe });
model.SaveWeights(args[1]);
Console.WriteLine("DONE");
return 0;

internal sealed class ProbeCallback(BackupAndRestore backup, (int Epoch, int Batch)? pause) : Callback
{
    private bool started;
    private int epoch;

    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        this.epoch = epoch;
        if (started) return;
        started = true;
        Say($"START epoch={epoch} resumed={(backup.ResumeEpoch is { } e ? e.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")} batch={backup.ResumeBatch}");
    }

    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
        if (pause is not { } p || p.Epoch != epoch || p.Batch != batch) return;
        Say($"PAUSED epoch={epoch} batch={batch}");
        Thread.Sleep(Timeout.Infinite);
    }

    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => Say($"EPOCH_END {epoch}");

    private static void Say(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}
