using KerasNet.Callbacks;
using KerasNet.Models;
using KerasNet.Optimizers;
using static KerasNet.Tests.Interop.InteropSupport;

using KerasNet.Tests.Support;

namespace KerasNet.Tests.Interop;

/// <summary>BackupAndRestore with a wrapped TorchSharp module: its parameters, buffers and optimizer state resume exactly.</summary>
[Collection("Training")]
public class WrappedModuleBackupTests
{
    private static Sequential Make(string prefix)
    {
        torch.manual_seed(41);
        var model = WrappedBlockModel(prefix);
        model.Compile(new Adam(0.01), new Losses.MeanSquaredError());
        return model;
    }

    [Fact]
    public void ACrashedFitOfAWrappedModuleResumesToTheUninterruptedWeights()
    {
        using var folder = new Callbacks.TempFolder();
        using var x = TestData.Randn(42, 40, 4);
        using var y = TestData.Randn(43, 40, 2);
        using var reference = Make("backup_reference");
        reference.Fit(x, y, batchSize: 8, epochs: 3, verbose: Verbosity.Silent);

        using var crashed = Make("backup_crashed");
        var backup = new BackupAndRestore(folder.File("backup"), "epoch");
        Assert.Throws<SimulatedCrash>(() => crashed.Fit(x, y, batchSize: 8, epochs: 3, verbose: Verbosity.Silent,
            callbacks: new Callback[] { new CrashAt(1, 2), backup }));
        Assert.True(File.Exists(backup.BackupPath));

        torch.manual_seed(1);
        using var resumed = Make("backup_resumed");
        var again = new BackupAndRestore(folder.File("backup"), "epoch");
        var history = resumed.Fit(x, y, batchSize: 8, epochs: 3, verbose: Verbosity.Silent, callbacks: new Callback[] { again });
        Assert.Equal(1, again.ResumeEpoch!.Value);
        Assert.Equal(new[] { 1, 2 }, history.Epochs);
        Assert.Equal(reference.Weights.Count, resumed.Weights.Count);
        for (var i = 0; i < reference.Weights.Count; i++)
            Assert.True(Same(reference.Weights[i].Value, resumed.Weights[i].Value), $"{reference.Weights[i].Path} differs after resuming");
        var block = (TinyBlock)((KerasNet.Layers.TorchModuleWrapper)resumed.GetLayer("backup_resumed_tiny")).Module;
        Assert.Equal(15L, block.Norm.num_batches_tracked!.item<long>());
    }
}
