using KerasNet.Callbacks;
using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.Saving;

using KerasNet.Tests.Support;

namespace KerasNet.Tests.Callbacks;

/// <summary>BackupAndRestore within one process: an exception stands in for the kill (OnTrainEnd does not run).</summary>
[Collection("Training")]
public class BackupAndRestoreTests
{
    private static Sequential Make()
    {
        torch.manual_seed(77);
        var model = new Sequential(new Layer[] { Keras.Input(5), new Dense(8, activation: "relu"), new Dropout(0.3), new Dense(2) });
        model.Compile(new Nadam(0.01), "mse");
        return model;
    }

    private static (Tensor X, Tensor Y) Data() => (TestData.Randn(8, 50, 5), TestData.Randn(9, 50, 2));

    [Theory]
    [InlineData("epoch", 2, 3)]
    [InlineData("3", 2, 4)]
    [InlineData("5", 1, 6)]
    public void ACrashedFitResumesAndEndsWithTheUninterruptedWeights(string frequency, int crashEpoch, int crashBatch)
    {
        using var folder = new TempFolder();
        using var scope = torch.NewDisposeScope();
        var (x, y) = Data();
        SaveFrequency saveFreq = frequency == "epoch" ? "epoch" : int.Parse(frequency);
        using var reference = Make();
        reference.Fit(x, y, batchSize: 8, epochs: 4, verbose: Verbosity.Silent);

        using var crashed = Make();
        var backup = new BackupAndRestore(folder.File("backup"), saveFreq);
        Assert.Throws<SimulatedCrash>(() => crashed.Fit(x, y, batchSize: 8, epochs: 4, verbose: Verbosity.Silent, callbacks: new Callback[] { new CrashAt(crashEpoch, crashBatch), backup }));
        Assert.True(File.Exists(backup.BackupPath));

        torch.manual_seed(1); // a restarted process seeds and initializes again; the backup overrides both
        using var resumed = Make();
        var again = new BackupAndRestore(folder.File("backup"), saveFreq);
        var history = resumed.Fit(x, y, batchSize: 8, epochs: 4, verbose: Verbosity.Silent, callbacks: new Callback[] { again });
        Assert.NotNull(again.ResumeEpoch);
        Assert.True(again.ResumeEpoch <= crashEpoch);
        Assert.Equal(Enumerable.Range(again.ResumeEpoch!.Value, 4 - again.ResumeEpoch.Value), history.Epochs);
        Assert.Equal(CallbackTestSupport.WeightValues(reference), CallbackTestSupport.WeightValues(resumed));
        Assert.False(File.Exists(again.BackupPath));
    }

    [Fact]
    public void TheStateOfOtherCallbacksIsBackedUpAndRestored()
    {
        using var folder = new TempFolder();
        using var scope = torch.NewDisposeScope();
        var (x, y) = Data();
        using var model = Make();
        var stopping = new EarlyStopping(monitor: "loss", patience: 100, minDelta: 1e9); // never improves after the first epoch
        var plateau = new ReduceLROnPlateau(monitor: "loss", patience: 1, factor: 0.5, minDelta: 1e9);
        var backup = new BackupAndRestore(folder.File("b"), deleteCheckpoint: false);
        model.Fit(x, y, batchSize: 10, epochs: 3, verbose: Verbosity.Silent, callbacks: new Callback[] { backup, stopping, plateau });
        Assert.True(File.Exists(backup.BackupPath), "deleteCheckpoint: false keeps the backup");
        Assert.Equal(2, stopping.Wait);
        var lr = model.Optimizer!.LearningRate;
        Assert.True(lr < 0.01);

        using var other = Make();
        var stopping2 = new EarlyStopping(monitor: "loss", patience: 100, minDelta: 1e9);
        var plateau2 = new ReduceLROnPlateau(monitor: "loss", patience: 1, factor: 0.5, minDelta: 1e9);
        var restoring = new BackupAndRestore(folder.File("b"), deleteCheckpoint: false);
        other.Fit(x, y, batchSize: 10, epochs: 4, verbose: Verbosity.Silent, callbacks: new Callback[] { restoring, stopping2, plateau2 });
        Assert.Equal(3, restoring.ResumeEpoch);
        Assert.Equal(stopping.Best, stopping2.Best);
        Assert.Equal(3, stopping2.Wait); // 2 restored + the one epoch run
        Assert.Equal(lr * 0.5, other.Optimizer!.LearningRate, 12); // restored rate, reduced once more
    }

    [Fact]
    public void EarlyStoppingsCopyOfTheBestWeightsSurvivesACrash()
    {
        using var folder = new TempFolder();
        using var scope = torch.NewDisposeScope();
        var (x, y) = Data();
        // mode Max on the loss: the first epoch (the highest loss) stays the best, so the weights restored at the end
        // are those copied before the crash.
        EarlyStopping Stopping() => new(monitor: "loss", mode: MonitorMode.Max, patience: 100, restoreBestWeights: true);
        using var reference = Make();
        var referenceStopping = Stopping();
        reference.Fit(x, y, batchSize: 8, epochs: 4, verbose: Verbosity.Silent, callbacks: new Callback[] { referenceStopping });
        Assert.Equal(0, referenceStopping.BestEpoch);

        using var crashed = Make();
        Assert.Throws<SimulatedCrash>(() => crashed.Fit(x, y, batchSize: 8, epochs: 4, verbose: Verbosity.Silent,
            callbacks: new Callback[] { new CrashAt(2, 3), new BackupAndRestore(folder.File("backup")), Stopping() }));

        using var resumed = Make();
        var resumedStopping = Stopping();
        var again = new BackupAndRestore(folder.File("backup"));
        resumed.Fit(x, y, batchSize: 8, epochs: 4, verbose: Verbosity.Silent, callbacks: new Callback[] { again, resumedStopping });
        Assert.Equal(2, again.ResumeEpoch);
        Assert.Equal(0, resumedStopping.BestEpoch);
        Assert.Equal(CallbackTestSupport.WeightValues(reference), CallbackTestSupport.WeightValues(resumed));
    }

    [Fact]
    public void BestWeightsOfAnotherModelInABackupGiveAClearError()
    {
        using var folder = new TempFolder();
        using var scope = torch.NewDisposeScope();
        var (x, y) = Data();
        using var model = Make();
        var backup = new BackupAndRestore(folder.File("b"), deleteCheckpoint: false);
        model.Fit(x, y, batchSize: 10, epochs: 2, verbose: Verbosity.Silent,
            callbacks: new Callback[] { backup, new EarlyStopping(monitor: "loss", patience: 100, restoreBestWeights: true) });
        // Rewrite the backup with one best weight of the wrong shape.
        var tensors = Safetensors.Load(backup.BackupPath, out var metadata);
        var key = tensors.Keys.Single(k => k.EndsWith("best_weights/00000", StringComparison.Ordinal));
        tensors[key] = torch.zeros(3, 3);
        Safetensors.Save(backup.BackupPath, tensors, metadata);

        using var other = Make();
        var error = Assert.Throws<ModelArchiveException>(() => other.Fit(x, y, batchSize: 10, epochs: 3, verbose: Verbosity.Silent,
            callbacks: new Callback[] { new BackupAndRestore(folder.File("b")), new EarlyStopping(monitor: "loss", patience: 100, restoreBestWeights: true) }));
        Assert.Contains("EarlyStopping: best weight 0", error.Message);
        Assert.Contains("has shape [3, 3] in the backup and [5, 8] in the model", error.Message);
    }

    [Fact]
    public void ACorruptOrForeignBackupGivesAClearError()
    {
        using var folder = new TempFolder();
        using var scope = torch.NewDisposeScope();
        var (x, y) = Data();
        var backup = new BackupAndRestore(folder.File("c"));
        Directory.CreateDirectory(backup.BackupDir);
        File.WriteAllBytes(backup.BackupPath, new byte[] { 1, 2, 3, 4, 5 });
        using var model = Make();
        var error = Assert.Throws<ModelArchiveException>(() => model.Fit(x, y, epochs: 1, verbose: Verbosity.Silent, callbacks: new Callback[] { backup }));
        Assert.Contains(backup.BackupPath, error.Message);
        Assert.Contains("Delete it to start training afresh", error.Message);

        var keep = new BackupAndRestore(folder.File("d"), deleteCheckpoint: false);
        using (var small = Make()) small.Fit(x, y, epochs: 1, verbose: Verbosity.Silent, callbacks: new Callback[] { keep });
        using var wider = new Sequential(new Layer[] { Keras.Input(5), new Dense(9), new Dense(2) });
        wider.Compile(new Nadam(), "mse");
        error = Assert.Throws<ModelArchiveException>(() => wider.Fit(x, y, epochs: 2, verbose: Verbosity.Silent, callbacks: new Callback[] { new BackupAndRestore(folder.File("d")) }));
        Assert.Contains("has shape [5, 8] in the backup and [5, 9] in the model", error.Message);

        File.WriteAllText(folder.File("file"), "x");
        Assert.Contains("is a file", Assert.Throws<ArgumentException>(() => new BackupAndRestore(folder.File("file"))).Message);
    }
}
