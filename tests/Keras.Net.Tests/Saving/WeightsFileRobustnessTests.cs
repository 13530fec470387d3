using KerasNet.Models;
using KerasNet.Serialization;
using KerasNet.Tests.Callbacks;
using static KerasNet.Tests.Callbacks.CallbackTestSupport;

namespace KerasNet.Tests.Saving;

/// <summary>Truncated, corrupt, foreign and newer weights files, and interrupted saves.</summary>
public class WeightsFileRobustnessTests
{
    private static byte[] ValidFile(TempFolder folder, Model model)
    {
        var path = folder.File("valid.weights.safetensors");
        model.SaveWeights(path);
        return File.ReadAllBytes(path);
    }

    [Fact]
    public void ATruncatedFileGivesAFormatErrorNamingTheFile()
    {
        using var folder = new TempFolder();
        using var model = SmallModel();
        var bytes = ValidFile(folder, model);
        var before = WeightValues(model);
        var path = folder.File("truncated.weights.safetensors");
        foreach (var length in new[] { 0, 4, 8, 20, bytes.Length / 2, bytes.Length - 1 })
        {
            File.WriteAllBytes(path, bytes[..length]);
            var error = Assert.Throws<TorchFormatException>(() => model.LoadWeights(path));
            Assert.Contains(path, error.Message);
        }
        Assert.Equal(before, WeightValues(model));
    }

    [Fact]
    public void AFileOfAnotherFormatGivesAFormatError()
    {
        using var folder = new TempFolder();
        using var model = SmallModel();
        var path = folder.File("not-weights.weights.safetensors");
        File.WriteAllText(path, "epoch,loss\r\n0,0.5\r\n");
        var error = Assert.Throws<TorchFormatException>(() => model.LoadWeights(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void MutatedFilesNeverCrash()
    {
        using var folder = new TempFolder();
        using var model = SmallModel();
        var bytes = ValidFile(folder, model);
        var path = folder.File("mutated.weights.safetensors");
        var random = new Random(12345);
        var outcomes = new Dictionary<string, int>();
        for (var trial = 0; trial < 300; trial++)
        {
            var mutated = (byte[])bytes.Clone();
            var headerEnd = 8 + (int)BitConverter.ToUInt64(bytes, 0);
            for (var k = 0; k < 1 + trial % 4; k++)
            {
                // Mostly in the length and the JSON header, where a change alters the structure.
                var at = random.Next(4) == 0 ? random.Next(mutated.Length) : random.Next(headerEnd);
                mutated[at] = trial % 3 == 0 ? (byte)random.Next(256) : (byte)"{}[]\",:0123456789-e "[random.Next(20)];
            }
            File.WriteAllBytes(path, mutated);
            try
            {
                model.LoadWeights(path);
                outcomes["loaded"] = outcomes.GetValueOrDefault("loaded") + 1;
            }
            catch (Exception e) when (e is TorchFormatException or WeightsMismatchException)
            {
                Assert.Contains(path, e.Message);
                outcomes[e.GetType().Name] = outcomes.GetValueOrDefault(e.GetType().Name) + 1;
            }
        }
        Assert.True(outcomes.GetValueOrDefault(nameof(TorchFormatException)) > 100, string.Join(", ", outcomes));
    }

    [Fact]
    public void AFileFromANewerFormatVersionIsRefusedClearly()
    {
        using var folder = new TempFolder();
        using var model = SmallModel();
        var path = folder.File("future.weights.safetensors");
        Safetensors.Save(path, model.Weights.Select(w => KeyValuePair.Create(w.Path, w.Value)),
                         new Dictionary<string, string> { ["format"] = Model.WeightsFileFormat, ["version"] = "7", ["framework"] = "Keras.Net 9.0.0" });
        var error = Assert.Throws<TorchFormatException>(() => model.LoadWeights(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("version 7", error.Message);
        Assert.Contains("Upgrade Keras.Net", error.Message);
    }

    [Fact]
    public void AForeignSafetensorsFileLoadsByName()
    {
        using var folder = new TempFolder();
        using var source = SmallModel();
        using var target = SmallModel();
        var path = folder.File("foreign.safetensors");
        // Keys renamed to the target's paths and no metadata, as a converter might write.
        Safetensors.Save(path, source.Weights.Select((w, i) => KeyValuePair.Create(target.Weights[i].Path, w.Value)));
        target.LoadWeights(path, byName: true);
        Assert.Equal(WeightValues(source), WeightValues(target));
    }

    [Fact]
    public void AnInterruptedSaveLeavesThePreviousFileIntact()
    {
        using var folder = new TempFolder();
        using var model = SmallModel();
        var path = folder.File("keep.weights.safetensors");
        model.SaveWeights(path);
        var saved = File.ReadAllBytes(path);
        var expected = WeightValues(model);

        // The same atomic writer SaveWeights uses, interrupted halfway through writing.
        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(saved, 0, saved.Length / 2);
            throw new IOException("simulated crash while writing");
        }));
        Assert.Equal(saved, File.ReadAllBytes(path));
        Assert.Equal(new[] { "keep.weights.safetensors" }, Directory.GetFiles(folder.Path).Select(f => Path.GetFileName(f)!));

        FillWeights(model, 0);
        model.LoadWeights(path);
        Assert.Equal(expected, WeightValues(model));
    }

    [Fact]
    public void ASaveThatFailsBeforeWritingLeavesThePreviousFileIntact()
    {
        using var folder = new TempFolder();
        using var model = SmallModel();
        var path = folder.File("keep.weights.safetensors");
        model.SaveWeights(path);
        var saved = File.ReadAllBytes(path);
        // A weight freed under the model makes the next save fail while collecting the data.
        using var broken = SmallModel();
        broken.Weights[^1].Dispose();
        Assert.Throws<ObjectDisposedException>(() => broken.SaveWeights(path));
        Assert.Equal(saved, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(folder.Path));
    }
}
