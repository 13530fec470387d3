using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Saving;
using KerasNet.TestSupport;

namespace KerasNet.Tests.SavingTests;

public sealed class StateDictMappingTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("kn-statedict-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static Model Small(string name = "small")
    {
        var input = Keras.Input(new long[] { 3, 8, 8 });
        var x = new Conv2D(4, 3, dataFormat: "channels_first", name: "features.0").Apply(input);
        x = new BatchNormalization(axis: 1, name: "features.1").Apply(x);
        x = new GlobalAveragePooling2D(dataFormat: "channels_first", name: "pool").Apply(x);
        x = new Dense(5, name: "fc").Apply(x);
        return new Model(input, x, name);
    }

    private static readonly string[] SmallKeys =
    {
        "features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias", "features.1.running_mean", "features.1.running_var", "fc.weight", "fc.bias",
    };

    [Fact]
    public void KerasWeightsGetTorchNamesAndDenseKernelsAreExportedTransposed()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Small();
        Assert.Equal(SmallKeys, StateDictMapping.TorchKeys(model).Select(k => k.Key));
        var state = StateDictMapping.ToStateDict(model);
        Assert.Equal(new long[] { 5, 4 }, state["fc.weight"].shape);
        TensorAssert.Equal(((Dense)model.GetLayer("fc")).Weights[0].Value.t(), state["fc.weight"]);
        Assert.Equal(new long[] { 4, 3, 3, 3 }, state["features.0.weight"].shape);
    }

    [Fact]
    public void ExportThenLoadReproducesTheModelAndIgnoresNumBatchesTracked()
    {
        using var scope = torch.NewDisposeScope();
        using var source = Small("a");
        using (torch.no_grad())
            foreach (var w in source.Weights) w.Value.copy_(torch.rand(w.Shape).add(0.5));
        var path = Path.Combine(folder, "small.safetensors");
        StateDictMapping.Export(source, path);
        var state = Safetensors.Load(path);
        state["features.1.num_batches_tracked"] = torch.tensor(new long[] { 3 }).reshape();
        using var target = Small("b");
        var report = StateDictMapping.Default.Load(target, state);
        Assert.True(report.IsComplete);
        Assert.Equal(SmallKeys, report.Loaded);
        Assert.Equal(new[] { "features.1.num_batches_tracked" }, report.Ignored);
        var x = torch.randn(new long[] { 2, 3, 8, 8 });
        TensorAssert.Equal(source.Apply(x), target.Apply(x));
    }

    [Fact]
    public void StrictLoadListsEveryProblemAndAssignsNothing()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Small();
        var state = StateDictMapping.ToStateDict(model);
        state.Remove("features.1.running_var");
        state["fc.weight"] = torch.zeros(new long[] { 5, 7 });
        state["head.extra"] = torch.zeros(new long[] { 1 });
        var before = model.Weights.Select(w => w.Value.clone()).ToList();
        using (torch.no_grad())
            foreach (var t in state.Values) t.fill_(9);

        var error = Assert.Throws<StateDictMismatchException>(() => StateDictMapping.Default.Load(model, state, source: "file.pth"));
        Assert.Contains("features.1.running_var", error.Message);
        Assert.Contains("fc.weight (fc/kernel): model [5, 4], file [5, 7]", error.Message);
        Assert.Contains("head.extra", error.Message);
        Assert.Contains("strict: false", error.Message);
        Assert.Equal(new[] { "features.1.running_var" }, error.Report.Missing);
        Assert.Equal(new[] { "head.extra" }, error.Report.Unexpected);
        for (var i = 0; i < before.Count; i++) TensorAssert.Equal(before[i], model.Weights[i].Value);

        var report = StateDictMapping.Default.Load(model, state, strict: false);
        Assert.False(report.IsComplete);
        Assert.Equal(6, report.Loaded.Count);
        Assert.Equal(9f, model.GetLayer("features.0").Weights[0].Value.flatten()[0].item<float>());
        TensorAssert.Equal(before[6], model.GetLayer("fc").Weights[0].Value);
    }

    [Fact]
    public void PrefixesAndRenameRulesMapForeignKeys()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Small();
        var exported = StateDictMapping.ToStateDict(model);
        // A DataParallel checkpoint whose head was called "classifier".
        var foreign = exported.ToDictionary(kv => "module." + kv.Key.Replace("fc.", "classifier."), kv => kv.Value);
        var mapping = new StateDictMapping(stripPrefix: "module.", renames: new[] { (@"^classifier\.", "fc.") });
        Assert.Equal("fc.weight", mapping.MapFileKey("module.classifier.weight"));
        Assert.True(mapping.Load(model, foreign).IsComplete);

        // A bare feature extractor's state_dict ("0.weight") loads under the model's "features." names.
        var bare = exported.Where(kv => kv.Key.StartsWith("features.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key["features.".Length..], kv => kv.Value);
        var report = new StateDictMapping(addPrefix: "features.").Load(model, bare, strict: false);
        Assert.Equal(new[] { "fc.weight", "fc.bias" }, report.Missing);
        Assert.Empty(report.Unexpected);

        var bad = Assert.Throws<ArgumentException>(() => new StateDictMapping(renames: new[] { ("(", "") }));
        Assert.Contains("'('", bad.Message);
    }

    [Fact]
    public void TwoLayersWithTheSameNameCannotBeMapped()
    {
        var input = Keras.Input(4);
        var x = new Dense(3, name: "same").Apply(input);
        x = new Dense(3, name: "same").Apply(x);
        using var model = new Model(input, x);
        var error = Assert.Throws<InvalidOperationException>(() => StateDictMapping.TorchKeys(model));
        Assert.Contains("'same.weight'", error.Message);
    }

    [Fact]
    public void LoadFromTorchSaveFileRefusesForeignFormatsClearly()
    {
        using var model = Small();
        var path = Path.Combine(folder, "notes.pth");
        File.WriteAllText(path, "PK not really");
        Assert.Throws<TorchFormatException>(() => StateDictMapping.Default.Load(model, path));
        Assert.Throws<FileNotFoundException>(() => StateDictMapping.Default.Load(model, Path.Combine(folder, "absent.pth")));
    }
}
