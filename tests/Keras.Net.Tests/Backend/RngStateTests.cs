using System.IO.Compression;
using KerasNet.Callbacks;
using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Saving;
using KerasNet.Tests.Callbacks;

namespace KerasNet.Tests.BackendTests;

/// <summary>
/// torch.get_rng_state/set_rng_state on the default CPU generator and Generator.get_state/set_state on private
/// generators, through TorchSharp: what ModelArchive and BackupAndRestore save and restore; and a saved state of the
/// wrong size.
/// </summary>
[Collection(GlobalSeedCollection.Name)]
public class RngStateTests
{
    [Fact]
    public void RestoringTheDefaultGeneratorsStateRepeatsTheDraws()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(7);
        torch.rand(5);
        var state = torch.get_rng_state();
        Assert.Equal(ScalarType.Byte, state.dtype);
        var first = torch.randperm(20).data<long>().ToArray();
        var second = torch.randn(4).data<float>().ToArray();
        torch.manual_seed(123);
        torch.set_rng_state(state);
        Assert.Equal(first, torch.randperm(20).data<long>().ToArray());
        Assert.Equal(second, torch.randn(4).data<float>().ToArray());
    }

    [Fact]
    public void APrivateGeneratorsStateCanBeCopiedToAnother()
    {
        using var scope = torch.NewDisposeScope();
        using var a = new Generator(3UL);
        using var b = new Generator(99UL);
        torch.rand(new long[] { 3 }, generator: a);
        b.set_state(a.get_state());
        Assert.Equal(torch.rand(new long[] { 6 }, generator: a).data<float>().ToArray(), torch.rand(new long[] { 6 }, generator: b).data<float>().ToArray());
    }

    [Fact]
    public void AStateOfTheWrongSizeIsRejected()
    {
        // libtorch's own size check is an uncaught C++ error under TorchSharp's set_rng_state (the process aborts), so
        // Keras checks a saved state's size before restoring it: here a model archive's.
        using var scope = torch.NewDisposeScope();
        using var folder = new TempFolder();
        var path = folder.File("rng.keras");
        using (var model = new Sequential(new Layer[] { Keras.Input(3), new Dense(2) })) model.Save(path);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            zip.GetEntry("rng_state.bin")!.Delete();
            using var stream = zip.CreateEntry("rng_state.bin").Open();
            stream.Write(new byte[10]);
        }
        var error = Assert.Throws<ModelArchiveException>(() => Model.Load(path, restoreRandomState: true));
        Assert.Contains($"the entry 'rng_state.bin' holds 10 bytes; libtorch's CPU generator state has {torch.get_rng_state().numel()}", error.Message);
    }

    [Fact]
    public void ABackupWithAStateOfTheWrongSizeIsRejected()
    {
        using var scope = torch.NewDisposeScope();
        using var folder = new TempFolder();
        var (x, y) = (TestData.Randn(1, 8, 4), TestData.Randn(2, 8, 2));
        using var model = CallbackTestSupport.CompiledModel();
        var backup = new BackupAndRestore(folder.File("backup"), deleteCheckpoint: false);
        model.Fit(x, y, batchSize: 4, epochs: 1, verbose: Verbosity.Silent, callbacks: new Callback[] { backup });
        var tensors = Safetensors.Load(backup.BackupPath, out var metadata);
        tensors["rng/current"] = torch.zeros(new long[] { 10 }, ScalarType.Byte);
        Safetensors.Save(backup.BackupPath, tensors, metadata);
        using var resumed = CallbackTestSupport.CompiledModel();
        var again = new BackupAndRestore(folder.File("backup"));
        var error = Assert.Throws<ModelArchiveException>(() =>
            resumed.Fit(x, y, batchSize: 4, epochs: 2, verbose: Verbosity.Silent, callbacks: new Callback[] { again }));
        Assert.Contains($"its random generator state 'rng/current' has 10 bytes; libtorch's CPU generator state has {torch.get_rng_state().numel()}", error.Message);
    }
}
