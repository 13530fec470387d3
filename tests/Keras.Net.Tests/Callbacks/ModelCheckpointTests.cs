using System.Globalization;
using KerasNet.Callbacks;
using KerasNet.Models;
using static KerasNet.Tests.Callbacks.CallbackTestSupport;

namespace KerasNet.Tests.Callbacks;

/// <summary>ModelCheckpoint's file names, best-only saving and batch frequency.</summary>
public class ModelCheckpointTests
{
    [Fact]
    public void FileNamesFollowTheTemplateWithOneBasedEpochs()
    {
        var checkpoint = new ModelCheckpoint("ckpt-{epoch:02d}-{val_loss:.2f}.weights.safetensors", saveWeightsOnly: true);
        Assert.Equal("ckpt-03-0.41.weights.safetensors", checkpoint.FormatPath(2, null, Logs(("val_loss", 0.41234))));
        var batches = new ModelCheckpoint("b{epoch}-{batch:03d}-{loss:.4e}.weights.safetensors", saveWeightsOnly: true, saveFreq: 10);
        Assert.Equal("b1-010-1.2346e-04.weights.safetensors", batches.FormatPath(0, 9, Logs(("loss", 0.000123456))));
    }

    [Fact]
    public void AMissingLogValueNamesTheTemplate()
    {
        var checkpoint = new ModelCheckpoint("ckpt-{val_accuracy:.2f}.weights.safetensors", saveWeightsOnly: true);
        var error = Assert.Throws<KeyNotFoundException>(() => checkpoint.FormatPath(0, null, Logs(("loss", 1.0))));
        Assert.Contains("ckpt-{val_accuracy:.2f}.weights.safetensors", error.Message);
        Assert.Contains("val_accuracy", error.Message);
    }

    [Fact]
    public void FitWritesOneFilePerEpochNamedFromItsLogs()
    {
        using var folder = new TempFolder();
        using var model = CompiledModel();
        var (x, y) = RandomData();
        var template = Path.Combine(folder.Path, "ckpt-{epoch:02d}-{val_loss:.2f}.weights.safetensors");
        var history = model.Fit(x, y, batchSize: 16, epochs: 3, verbose: Verbosity.Silent, validationSplit: 0.25,
                                callbacks: [new ModelCheckpoint(template, saveWeightsOnly: true)]);
        var expected = history["val_loss"].Select((v, e) => $"ckpt-{e + 1:00}-{v.ToString("F2", CultureInfo.InvariantCulture)}.weights.safetensors").Order();
        Assert.Equal(expected, Directory.GetFiles(folder.Path).Select(f => Path.GetFileName(f)!).Order());

        // The last file holds the final weights.
        using var other = SmallModel();
        other.LoadWeights(Path.Combine(folder.Path, expected.Max()!));
        Assert.Equal(WeightValues(model), WeightValues(other));
    }

    [Fact]
    public void SaveBestOnlyWritesOnlyImprovingEpochs()
    {
        using var folder = new TempFolder();
        using var model = SmallModel();
        var output = new StringWriter();
        var checkpoint = new ModelCheckpoint(folder.File("best-{epoch}.weights.safetensors"), saveBestOnly: true, saveWeightsOnly: true, verbose: 1)
            { Output = output }.Attach(model);
        var single = new ModelCheckpoint(folder.File("best.weights.safetensors"), saveBestOnly: true, saveWeightsOnly: true).Attach(model);
        var losses = new[] { 1.0, 0.8, 0.9, 0.7, 0.75 };
        checkpoint.OnTrainBegin(Logs());
        single.OnTrainBegin(Logs());
        for (var epoch = 0; epoch < losses.Length; epoch++)
        {
            FillWeights(model, epoch + 1);
            checkpoint.OnEpochEnd(epoch, Logs(("val_loss", losses[epoch])));
            single.OnEpochEnd(epoch, Logs(("val_loss", losses[epoch])));
        }
        Assert.Equal(new[] { "best-1.weights.safetensors", "best-2.weights.safetensors", "best-4.weights.safetensors", "best.weights.safetensors" },
                     Directory.GetFiles(folder.Path).Select(f => Path.GetFileName(f)!).Order());
        Assert.Equal(0.7, checkpoint.Best);
        FillWeights(model, 0);
        model.LoadWeights(folder.File("best.weights.safetensors"));
        Assert.All(WeightValues(model), v => Assert.Equal(4f, v));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"Epoch 1: val_loss improved from inf to 1.00000, saving model to {folder.File("best-1.weights.safetensors")}", lines[0]);
        Assert.Equal("Epoch 3: val_loss did not improve from 0.80000", lines[2]);
    }

    [Fact]
    public void InitialValueThresholdMustBeBeatenFirst()
    {
        using var folder = new TempFolder();
        using var model = SmallModel();
        var checkpoint = new ModelCheckpoint(folder.File("w-{epoch}.weights.safetensors"), monitor: "val_accuracy", saveBestOnly: true,
                                             saveWeightsOnly: true, initialValueThreshold: 0.6).Attach(model);
        checkpoint.OnTrainBegin(Logs());
        checkpoint.OnEpochEnd(0, Logs(("val_accuracy", 0.5)));
        checkpoint.OnEpochEnd(1, Logs(("val_accuracy", 0.7)));
        Assert.Equal(new[] { "w-2.weights.safetensors" }, Directory.GetFiles(folder.Path).Select(f => Path.GetFileName(f)!));
    }

    [Fact]
    public void SaveBestOnlyWithAMissingMonitorWarnsAndSkips()
    {
        using var folder = new TempFolder();
        using var model = SmallModel();
        var errors = new StringWriter();
        var checkpoint = new ModelCheckpoint(folder.File("w.weights.safetensors"), saveBestOnly: true, saveWeightsOnly: true) { Errors = errors }.Attach(model);
        checkpoint.OnTrainBegin(Logs());
        checkpoint.OnEpochEnd(0, Logs(("loss", 0.5)));
        Assert.Empty(Directory.GetFiles(folder.Path));
        Assert.Contains("val_loss", errors.ToString());
        Assert.Contains("Available metrics are: loss", errors.ToString());
    }

    [Fact]
    public void SaveFreqCountsBatchesAcrossEpochs()
    {
        using var folder = new TempFolder();
        using var model = SmallModel();
        var checkpoint = new ModelCheckpoint(folder.File("b-{epoch}-{batch}.weights.safetensors"), saveWeightsOnly: true, saveFreq: 2).Attach(model);
        checkpoint.OnTrainBegin(Logs());
        for (var epoch = 0; epoch < 2; epoch++)
        {
            checkpoint.OnEpochBegin(epoch, Logs());
            for (var batch = 0; batch < 5; batch++) checkpoint.OnTrainBatchEnd(batch, Logs(("loss", 0.5)));
            checkpoint.OnEpochEnd(epoch, Logs(("loss", 0.5)));
        }
        // Every second batch: batches 2 and 4 of epoch 1, then 1, 3 and 5 of epoch 2 (the count carries over).
        Assert.Equal(new[] { "b-1-2", "b-1-4", "b-2-1", "b-2-3", "b-2-5" },
                     Directory.GetFiles(folder.Path).Select(f => Path.GetFileName(f)!.Replace(".weights.safetensors", "")).Order());
    }

    [Fact]
    public void SaveFreqInFitSavesEveryNBatches()
    {
        using var folder = new TempFolder();
        using var model = CompiledModel();
        var (x, y) = RandomData(64);
        model.Fit(x, y, batchSize: 16, epochs: 2, verbose: Verbosity.Silent,
                  callbacks: [new ModelCheckpoint(folder.File("s-{epoch}-{batch}.weights.safetensors"), saveWeightsOnly: true, saveFreq: 3)]);
        // 4 batches per epoch, 8 in all: saves after the 3rd and 6th.
        Assert.Equal(new[] { "s-1-3", "s-2-2" },
                     Directory.GetFiles(folder.Path).Select(f => Path.GetFileName(f)!.Replace(".weights.safetensors", "")).Order());
    }

    [Fact]
    public void SaveFrequencyAcceptsEpochOrAPositiveCount()
    {
        Assert.True(((SaveFrequency)"epoch").IsEpoch);
        Assert.Equal(5, ((SaveFrequency)5).Batches);
        Assert.Throws<ArgumentOutOfRangeException>(() => (SaveFrequency)0);
        Assert.Throws<ArgumentException>(() => (SaveFrequency)"batch");
    }
}
