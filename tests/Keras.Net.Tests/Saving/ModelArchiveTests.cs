using System.IO.Compression;
using System.Text;
using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.Saving;
using KerasNet.Serialization;
using KerasNet.Tests.Callbacks;

namespace KerasNet.Tests.Saving;

/// <summary>A subclassed model registered for loading: its constructor arguments are its config.</summary>
public sealed class ArchiveResidualModel : Model
{
    private readonly Dense hidden;
    private readonly Dense output;

    public ArchiveResidualModel(long units = 6, string? name = null, bool trainable = true) : base(name, trainable)
    {
        Units = units;
        hidden = new Dense(units, activation: "tanh");
        output = new Dense(2);
    }

    public long Units { get; }

    protected override Tensor Call(Tensor inputs, CallContext context) =>
        output.Apply(hidden.Apply(inputs, context.Training), context.Training);

    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["units"] = Units;
        return config;
    }
}

/// <summary>Model.Save / Model.Load: architecture, weights, compile settings and optimizer state in one zip.</summary>
[Collection("Training")]
public class ModelArchiveTests
{
    static ModelArchiveTests() => KerasRegistry.Register<ArchiveResidualModel>();

    private static (Model Model, Tensor[] X) MultiIoModel()
    {
        var a = Keras.Input(new long[] { 3 }, name: "arch_in_a");
        var b = Keras.Input(new long[] { 3 }, name: "arch_in_b");
        var shared = new Dense(5, activation: "relu", name: "arch_shared");
        var ha = shared.Apply(a);
        var hb = shared.Apply(b);
        var innerIn = Keras.Input(new long[] { 5 }, name: "arch_inner_in");
        var inner = new Model(innerIn, new Dense(4, name: "arch_inner_dense").Apply(innerIn), name: "arch_inner");
        var merged = new Concatenate(name: "arch_concat").Apply(inner.Apply(ha), hb);
        var reg = new Dense(1, name: "arch_reg").Apply(merged);
        var cls = new Dense(3, activation: "softmax", name: "arch_cls").Apply(new Add(name: "arch_add").Apply(ha, hb));
        var model = new Model(new[] { a, b }, new[] { reg, cls }, name: "arch_multi");
        return (model, new[] { TestData.Randn(1, 7, 3), TestData.Randn(2, 7, 3) });
    }

    [Fact]
    public void AFunctionalModelWithSharedAndNestedLayersRoundTripsWithIdenticalPredictions()
    {
        using var folder = new TempFolder();
        using var scope = torch.NewDisposeScope();
        var (model, x) = MultiIoModel();
        var path = folder.File("multi.keras");
        model.Save(path);
        using var loaded = Model.Load(path);
        Assert.Equal(model.Name, loaded.Name);
        Assert.Equal(2, loaded.Inputs!.Count);
        Assert.Equal(2, loaded.Outputs!.Count);
        Assert.Equal(model.Weights.Select(w => w.Path), loaded.Weights.Select(w => w.Path));
        var expected = model.PredictMulti(x, verbose: Verbosity.Silent);
        var actual = loaded.PredictMulti(x, verbose: Verbosity.Silent);
        for (var i = 0; i < 2; i++) Assert.Equal(expected[i].data<float>().ToArray(), actual[i].data<float>().ToArray());
        Assert.Equal(TestData.Json(model.GetConfig()), TestData.Json(loaded.GetConfig()));
    }

    [Fact]
    public void TheFunctionalConfigUsesKerassGraphFormatAndRoundTripsThroughJson()
    {
        using var scope = torch.NewDisposeScope();
        var (model, x) = MultiIoModel();
        var config = model.GetConfig();
        var json = TestData.Json(config);
        Assert.Contains("\"inbound_nodes\"", json);
        Assert.Contains("[\"arch_shared\",1,0]", json);
        Assert.Contains("\"class_name\":\"Functional\"", json);
        Assert.Contains("\"input_layers\":[[\"arch_in_a\",0,0],[\"arch_in_b\",0,0]]", json);
        using var rebuilt = Model.FromConfig(TestData.ParseJson(json));
        Assert.Equal(json, TestData.Json(rebuilt.GetConfig()));
        Assert.Equal(model.CountParams(), rebuilt.CountParams());
        Assert.Single(rebuilt.Layers, l => l.Name == "arch_shared");
        Assert.IsType<Model>(rebuilt.GetLayer("arch_inner"));
    }

    [Fact]
    public void SequentialAndRegisteredSubclassedModelsRoundTrip()
    {
        using var folder = new TempFolder();
        using var scope = torch.NewDisposeScope();
        var x = TestData.Randn(3, 5, 4);
        using var sequential = CallbackTestSupport.SmallModel("arch_seq");
        sequential.Save(folder.File("seq.keras"));
        using var loadedSequential = Model.Load<Sequential>(folder.File("seq.keras"));
        Assert.Equal(sequential.Predict(x, verbose: Verbosity.Silent).data<float>().ToArray(), loadedSequential.Predict(x, verbose: Verbosity.Silent).data<float>().ToArray());

        using var unbuiltInput = new Sequential(new Layer[] { new Dense(3), new Dense(2) }, "arch_seq_called");
        unbuiltInput.Apply(x);
        unbuiltInput.Save(folder.File("called.keras"));
        using var loadedCalled = Model.Load(folder.File("called.keras"));
        Assert.Equal(unbuiltInput.Predict(x, verbose: Verbosity.Silent).data<float>().ToArray(), loadedCalled.Predict(x, verbose: Verbosity.Silent).data<float>().ToArray());

        using var subclassed = new ArchiveResidualModel(7, name: "arch_sub");
        subclassed.Apply(x);
        subclassed.Save(folder.File("sub.keras"));
        var loadedSub = Assert.IsType<ArchiveResidualModel>(Model.Load(folder.File("sub.keras")));
        Assert.Equal(7, loadedSub.Units);
        Assert.Equal(subclassed.Predict(x, verbose: Verbosity.Silent).data<float>().ToArray(), loadedSub.Predict(x, verbose: Verbosity.Silent).data<float>().ToArray());
        loadedSub.Dispose();
        var wrongKind = Assert.Throws<ModelArchiveException>(() => Model.Load<Sequential>(folder.File("sub.keras")));
        Assert.Contains("holds a ArchiveResidualModel, not a Sequential", wrongKind.Message);
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("nadam")]
    [InlineData("sgd_momentum")]
    [InlineData("rmsprop_centered")]
    [InlineData("adam_accumulation")]
    public void FitAfterLoadEqualsAnUninterruptedFitBitwise(string optimizerKind)
    {
        using var folder = new TempFolder();
        using var scope = torch.NewDisposeScope();
        var x = TestData.Randn(5, 40, 4);
        var y = TestData.Randn(6, 40, 2);
        Optimizer MakeOptimizer() => optimizerKind switch
        {
            "adam" => new Adam(0.01),
            "nadam" => new Nadam(0.01),
            "sgd_momentum" => new SGD(0.05, momentum: 0.9, schedule: new ExponentialDecay(0.05, 3, 0.9)),
            "rmsprop_centered" => new RMSprop(0.01, momentum: 0.5, centered: true),
            // 5 batches per epoch: the summed gradients of an unfinished accumulation cross the save.
            _ => new Adam(0.01, gradientAccumulationSteps: 3),
        };
        Sequential Make()
        {
            var m = new Sequential(new Layer[] { Keras.Input(4), new Dense(8, activation: "relu"), new Dropout(0.2), new Dense(2) });
            FillDeterministic(m);
            m.Compile(MakeOptimizer(), "mse", new KerasNet.Metrics.Metric[] { "mae" });
            return m;
        }

        torch.manual_seed(42);
        using var uninterrupted = Make();
        uninterrupted.Fit(x, y, batchSize: 8, epochs: 4, verbose: Verbosity.Silent);

        torch.manual_seed(42);
        using var first = Make();
        first.Fit(x, y, batchSize: 8, epochs: 2, verbose: Verbosity.Silent);
        var path = folder.File("resume.keras");
        first.Save(path);
        torch.manual_seed(999); // what happens in between must not matter
        using var resumed = Model.Load(path, restoreRandomState: true);
        Assert.Equal(first.Optimizer!.Iterations, resumed.Optimizer!.Iterations);
        resumed.Fit(x, y, batchSize: 8, epochs: 4, initialEpoch: 2, verbose: Verbosity.Silent);

        Assert.Equal(CallbackTestSupport.WeightValues(uninterrupted), CallbackTestSupport.WeightValues(resumed));
    }

    private static void FillDeterministic(Model model)
    {
        var i = 0;
        foreach (var w in model.Weights)
            using (var value = TestData.Randn(100 + i++, w.Shape) * 0.3) w.Assign(value);
    }

    [Fact]
    public void TheArchiveHoldsTheDocumentedEntriesAndMetadata()
    {
        using var folder = new TempFolder();
        using var model = CallbackTestSupport.CompiledModel();
        var path = folder.File("entries.keras");
        model.Save(path);
        using var zip = ZipFile.OpenRead(path);
        Assert.Equal(new[] { "metadata.json", "config.json", "model.weights.safetensors", "optimizer.safetensors", "rng_state.bin" },
            zip.Entries.Select(e => e.FullName));
        using var reader = new StreamReader(zip.GetEntry("metadata.json")!.Open());
        var metadata = reader.ReadToEnd();
        Assert.Contains("\"format\": \"keras.net.model\"", metadata);
        Assert.Contains("\"format_version\": 1", metadata);
        Assert.Contains("\"keras_net_version\": \"" + KerasInfo.Version + "\"", metadata);
        Assert.Contains("\"date_saved\": \"" + DateTime.UtcNow.ToString("yyyy-MM-dd"), metadata);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp", SearchOption.AllDirectories));
    }

    private static string ValidArchive(TempFolder folder)
    {
        using var model = CallbackTestSupport.CompiledModel();
        var path = folder.File("valid.keras");
        model.Save(path);
        return path;
    }

    private static void Rewrite(string source, string target, Func<string, string, string?> entry)
    {
        using var input = ZipFile.OpenRead(source);
        using var output = ZipFile.Open(target, ZipArchiveMode.Create);
        foreach (var e in input.Entries)
        {
            using var s = e.Open();
            using var buffer = new MemoryStream();
            s.CopyTo(buffer);
            var bytes = buffer.ToArray();
            if (e.FullName.EndsWith(".json", StringComparison.Ordinal))
            {
                var text = entry(e.FullName, Encoding.UTF8.GetString(bytes));
                if (text is null) continue;
                bytes = Encoding.UTF8.GetBytes(text);
            }
            using var o = output.CreateEntry(e.FullName).Open();
            o.Write(bytes);
        }
    }

    [Fact]
    public void UnknownClassesNewerVersionsAndMissingEntriesGiveClearErrors()
    {
        using var folder = new TempFolder();
        var valid = ValidArchive(folder);

        var unknown = folder.File("unknown.keras");
        Rewrite(valid, unknown, (name, text) => name == "config.json" ? text.Replace("\"Dense\"", "\"EvilPayload\"") : text);
        var error = Assert.Throws<ModelArchiveException>(() => Model.Load(unknown));
        Assert.Contains(unknown, error.Message);
        Assert.Contains("Unknown class 'EvilPayload'", error.Message);

        var newer = folder.File("newer.keras");
        Rewrite(valid, newer, (name, text) => name == "metadata.json" ? text.Replace("\"format_version\": 1", "\"format_version\": 7") : text);
        error = Assert.Throws<ModelArchiveException>(() => Model.Load(newer));
        Assert.Contains("archive format version 7", error.Message);
        Assert.Contains("reads versions up to 1", error.Message);

        var missing = folder.File("missing.keras");
        Rewrite(valid, missing, (name, text) => name == "config.json" ? null : text);
        error = Assert.Throws<ModelArchiveException>(() => Model.Load(missing));
        Assert.Contains("the entry 'config.json' is missing", error.Message);

        var foreign = folder.File("foreign.keras");
        using (var zip = ZipFile.Open(foreign, ZipArchiveMode.Create))
        using (var w = new StreamWriter(zip.CreateEntry("metadata.json").Open())) w.Write("{\"format\": \"something.else\"}");
        error = Assert.Throws<ModelArchiveException>(() => Model.Load(foreign));
        Assert.Contains("not a Keras.Net model archive", error.Message);

        var notZip = folder.File("text.keras");
        File.WriteAllText(notZip, "hello, I am not a zip");
        error = Assert.Throws<ModelArchiveException>(() => Model.Load(notZip));
        Assert.Contains("not a zip archive", error.Message);

        var absent = folder.File("absent.keras");
        Assert.Contains(absent, Assert.Throws<FileNotFoundException>(() => Model.Load(absent)).Message);
    }

    [Fact]
    public void TruncatedAndMutatedArchivesRaiseOnlyTheTypedException()
    {
        using var folder = new TempFolder();
        var valid = ValidArchive(folder);
        var bytes = File.ReadAllBytes(valid);
        var path = folder.File("fuzzed.keras");
        var random = new Random(1234);
        var failures = 0;
        for (var trial = 0; trial < 160; trial++)
        {
            byte[] mutated;
            if (trial < 40) mutated = bytes[..random.Next(bytes.Length)];
            else
            {
                mutated = (byte[])bytes.Clone();
                for (var k = 0; k < 1 + trial % 4; k++) mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }
            File.WriteAllBytes(path, mutated);
            try
            {
                using var model = Model.Load(path);
            }
            catch (ModelArchiveException e)
            {
                Assert.Contains(path, e.Message);
                failures++;
            }
        }
        Assert.True(failures >= 40, $"only {failures} of 160 damaged archives were rejected");
    }

    [Fact]
    public void ModelCheckpointSavesWholeModelArchivesByDefault()
    {
        using var folder = new TempFolder();
        using var scope = torch.NewDisposeScope();
        using var model = CallbackTestSupport.CompiledModel();
        var (x, y) = (TestData.Randn(7, 24, 4), TestData.Randn(8, 24, 2));
        model.Fit(x, y, batchSize: 8, epochs: 2, verbose: Verbosity.Silent,
                  callbacks: new KerasNet.Callbacks.Callback[] { new KerasNet.Callbacks.ModelCheckpoint(folder.File("m-{epoch}.keras")) });
        Assert.True(File.Exists(folder.File("m-1.keras")));
        using var last = Model.Load(folder.File("m-2.keras"));
        Assert.Equal(model.Predict(x, verbose: Verbosity.Silent).data<float>().ToArray(), last.Predict(x, verbose: Verbosity.Silent).data<float>().ToArray());
        Assert.Equal(model.Optimizer!.Iterations, last.Optimizer!.Iterations);
    }

    [Fact]
    public void CompileSettingsWithResolvedMetricsSurviveTheRoundTrip()
    {
        using var folder = new TempFolder();
        using var scope = torch.NewDisposeScope();
        using var model = new Sequential(new Layer[] { Keras.Input(4), new Dense(6, activation: "relu"), new Dense(3, activation: "softmax") });
        model.Compile(new RMSprop(0.01), "sparse_categorical_crossentropy", new KerasNet.Metrics.Metric[] { "accuracy" }, weightedMetrics: new KerasNet.Metrics.Metric[] { "sparse_categorical_accuracy" });
        var x = TestData.Randn(9, 30, 4);
        var y = x.narrow(1, 0, 3).argmax(1);
        model.Fit(x, y, batchSize: 10, epochs: 1, verbose: Verbosity.Silent);
        model.Save(folder.File("cls.keras"));
        using var loaded = Model.Load(folder.File("cls.keras"));
        Assert.IsType<RMSprop>(loaded.Optimizer);
        Assert.Equal(model.EvaluateDict(x, y, verbose: Verbosity.Silent), loaded.EvaluateDict(x, y, verbose: Verbosity.Silent));
        using var uncompiled = Model.Load(folder.File("cls.keras"), compile: false);
        Assert.False(uncompiled.IsCompiled);
    }

    [Fact]
    public void AnInterruptedSaveLeavesThePreviousArchiveIntact()
    {
        using var folder = new TempFolder();
        var valid = ValidArchive(folder);
        var before = File.ReadAllBytes(valid);
        using var unbuilt = new Sequential(new Layer[] { new Dense(2) });
        Assert.Throws<InvalidOperationException>(() => unbuilt.Save(valid));
        Assert.Equal(before, File.ReadAllBytes(valid));
    }
}
