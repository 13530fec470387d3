using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.Serialization;
using KerasNet.Tests.Callbacks;
using static KerasNet.Tests.Callbacks.CallbackTestSupport;

namespace KerasNet.Tests.Saving;

/// <summary>SaveWeights/LoadWeights: round trips, matching by order and by name, mismatch reports.</summary>
public class WeightsSavingTests
{
    /// <summary>A model with trainable and non-trainable (moving statistics) weights.</summary>
    private static Sequential BatchNormModel(int hidden = 8, int outputs = 3, string? prefix = null) => new(new Layer[]
    {
        Keras.Input(4),
        new Dense(hidden, activation: "relu", name: prefix is null ? null : prefix + "_hidden"),
        new BatchNormalization(name: prefix is null ? null : prefix + "_bn"),
        new Dense(outputs, name: prefix is null ? null : prefix + "_head"),
    });

    private static void TrainBriefly(Model model)
    {
        model.Compile(new Adam(0.01), new Losses.MeanSquaredError());
        torch.manual_seed(5);
        using var x = torch.randn(32, 4);
        using var y = torch.randn(32, model.Weights[^1].Shape[0]);
        model.Fit(x, y, batchSize: 8, epochs: 2, verbose: Verbosity.Silent);
    }

    private static float[] Predict(Model model, Tensor x)
    {
        using var p = model.Predict(x, verbose: Verbosity.Silent);
        return p.data<float>().ToArray();
    }

    [Fact]
    public void SaveThenLoadGivesIdenticalPredictions()
    {
        using var folder = new TempFolder();
        var path = folder.File("model.weights.safetensors");
        using var trained = BatchNormModel();
        TrainBriefly(trained);
        trained.SaveWeights(path);
        using var fresh = BatchNormModel();
        torch.manual_seed(9);
        using var x = torch.randn(16, 4);
        Assert.NotEqual(Predict(trained, x), Predict(fresh, x));
        // The fresh model's automatic names differ (dense_2 vs dense): loading by order does not care.
        Assert.NotEqual(trained.Weights[0].Path, fresh.Weights[0].Path);
        fresh.LoadWeights(path);
        Assert.Equal(Predict(trained, x), Predict(fresh, x));
        Assert.Equal(WeightValues(trained), WeightValues(fresh));
    }

    [Fact]
    public void TheFileIsKeyedByVariablePathsWithMetadata()
    {
        using var folder = new TempFolder();
        var path = folder.File("w.weights.safetensors");
        using var model = BatchNormModel();
        model.SaveWeights(path);
        Assert.Equal(model.Weights.Select(w => w.Path), Safetensors.ReadIndex(path).Select(e => e.Name));
        var tensors = Safetensors.Load(path, out var metadata);
        foreach (var t in tensors.Values) t.Dispose();
        Assert.Equal(Model.WeightsFileFormat, metadata["format"]);
        Assert.Equal("1", metadata["version"]);
        Assert.Equal(model.Name, metadata["model"]);
        Assert.StartsWith("Keras.Net ", metadata["framework"]);
    }

    [Fact]
    public void LoadingByNameMatchesLayerPaths()
    {
        using var folder = new TempFolder();
        var path = folder.File("named.weights.safetensors");
        using var source = BatchNormModel(prefix: "byname_a");
        TrainBriefly(source);
        source.SaveWeights(path);

        // The same definition with the same explicit names: by name finds every weight.
        using var same = BatchNormModel(prefix: "byname_a");
        same.LoadWeights(path, byName: true);
        Assert.Equal(WeightValues(source), WeightValues(same));

        // Other names: every weight is reported missing, every entry unexpected.
        var input = Keras.Input(4);
        var hidden = new Dense(8, activation: "relu", name: "byname_a_hidden_copy").Apply(input);
        using var renamed = new Model(input, new Dense(3).Apply(new BatchNormalization().Apply(hidden)));
        var error = Assert.Throws<WeightsMismatchException>(() => renamed.LoadWeights(path, byName: true));
        Assert.Contains("byname_a_hidden_copy/kernel", error.MissingKeys);
        Assert.Contains("byname_a_hidden/kernel", error.UnexpectedKeys);
        Assert.Equal(renamed.Weights.Count, error.MissingKeys.Count);
        Assert.Empty(error.ShapeMismatches);
        Assert.Contains("matched by name", error.Message);
    }

    [Fact]
    public void LoadingByNameAcceptsAnotherOrder()
    {
        using var folder = new TempFolder();
        var path = folder.File("order.weights.safetensors");
        var input = Keras.Input(4);
        var a = new Dense(3, name: "order_a");
        var b = new Dense(3, name: "order_b");
        using var source = new Model(input, new Add().Apply(a.Apply(input), b.Apply(input)));
        source.SaveWeights(path);
        var paths = Safetensors.ReadIndex(path).Select(e => e.Name).ToList();
        Assert.Equal(new[] { "order_a/kernel", "order_a/bias", "order_b/kernel", "order_b/bias" }, paths);

        // Rewrite the file in the opposite order: by name still loads each weight into its own layer.
        var tensors = Safetensors.Load(path);
        var reversed = folder.File("reversed.weights.safetensors");
        Safetensors.Save(reversed, tensors.Reverse().ToList());
        foreach (var t in tensors.Values) t.Dispose();
        foreach (var w in source.Weights) using (var z = torch.zeros_like(w.Value)) w.Assign(z);
        source.LoadWeights(reversed, byName: true);
        var original = Safetensors.Load(path);
        Assert.Equal(original["order_a/kernel"].data<float>().ToArray(), source.GetLayer("order_a").Weights[0].Value.data<float>().ToArray());
        Assert.Equal(original["order_b/bias"].data<float>().ToArray(), source.GetLayer("order_b").Weights[1].Value.data<float>().ToArray());
        foreach (var t in original.Values) t.Dispose();
    }

    [Fact]
    public void EveryShapeMismatchIsReportedAndNothingIsLoaded()
    {
        using var folder = new TempFolder();
        var path = folder.File("small.weights.safetensors");
        using var source = new Sequential(new Layer[] { Keras.Input(4), new Dense(8), new Dense(2) });
        source.SaveWeights(path);
        using var target = new Sequential(new Layer[] { Keras.Input(4), new Dense(6), new Dense(3) });
        var before = WeightValues(target);
        var error = Assert.Throws<WeightsMismatchException>(() => target.LoadWeights(path));
        Assert.Equal(4, error.ShapeMismatches.Count);
        Assert.Equal(target.Weights.Select(w => w.Path), error.ShapeMismatches.Select(m => m.ModelPath));
        Assert.Equal(new long[] { 4, 6 }, error.ShapeMismatches[0].ModelShape);
        Assert.Equal(new long[] { 4, 8 }, error.ShapeMismatches[0].FileShape);
        Assert.Equal(path, error.FilePath);
        foreach (var w in target.Weights) Assert.Contains(w.Path, error.Message);
        Assert.Contains("[4, 8]", error.Message);
        Assert.Contains("skipMismatch: true", error.Message);
        Assert.Equal(before, WeightValues(target));
    }

    [Fact]
    public void MissingAndUnexpectedWeightsAreListedByOrder()
    {
        using var folder = new TempFolder();
        var deep = folder.File("deep.weights.safetensors");
        using var three = new Sequential(new Layer[] { Keras.Input(4), new Dense(4), new Dense(4), new Dense(4) });
        three.SaveWeights(deep);
        using var two = new Sequential(new Layer[] { Keras.Input(4), new Dense(4), new Dense(4) });
        var error = Assert.Throws<WeightsMismatchException>(() => two.LoadWeights(deep));
        Assert.Empty(error.ShapeMismatches);
        Assert.Empty(error.MissingKeys);
        Assert.Equal(three.Weights.Skip(4).Select(w => w.Path), error.UnexpectedKeys);

        var shallow = folder.File("shallow.weights.safetensors");
        two.SaveWeights(shallow);
        error = Assert.Throws<WeightsMismatchException>(() => three.LoadWeights(shallow));
        Assert.Equal(three.Weights.Skip(4).Select(w => w.Path), error.MissingKeys);
        Assert.Contains("missing from the file", error.Message);
    }

    [Fact]
    public void SkipMismatchLoadsTheBodyAndKeepsANewHead()
    {
        using var folder = new TempFolder();
        var path = folder.File("body.weights.safetensors");
        using var source = BatchNormModel(outputs: 3);
        TrainBriefly(source);
        source.SaveWeights(path);
        using var target = BatchNormModel(outputs: 5);
        var head = target.Layers[^1];
        var headBefore = head.Weights.SelectMany(w => w.Value.data<float>().ToArray()).ToArray();
        Assert.Throws<WeightsMismatchException>(() => target.LoadWeights(path));
        target.LoadWeights(path, skipMismatch: true);
        for (var i = 0; i < 6; i++) Assert.Equal(source.Weights[i].Value.data<float>().ToArray(), target.Weights[i].Value.data<float>().ToArray());
        Assert.Equal(headBefore, head.Weights.SelectMany(w => w.Value.data<float>().ToArray()).ToArray());
    }

    [Fact]
    public void SkipMismatchSkipsAWholeLayerWhenOneOfItsWeightsDiffers()
    {
        using var folder = new TempFolder();
        var path = folder.File("partial.weights.safetensors");
        using var source = new Sequential(new Layer[] { Keras.Input(4), new Dense(5), new Dense(2) });
        source.SaveWeights(path);
        // Same bias shapes, different kernel shapes: neither the kernel nor the bias of a mismatched layer is loaded.
        using var target = new Sequential(new Layer[] { Keras.Input(3), new Dense(5), new Dense(2) });
        var first = target.Layers[0].Weights.SelectMany(w => w.Value.data<float>().ToArray()).ToArray();
        target.LoadWeights(path, skipMismatch: true);
        Assert.Equal(first, target.Layers[0].Weights.SelectMany(w => w.Value.data<float>().ToArray()).ToArray());
        Assert.Equal(source.Layers[1].Weights.SelectMany(w => w.Value.data<float>().ToArray()), target.Layers[1].Weights.SelectMany(w => w.Value.data<float>().ToArray()));
    }

    [Fact]
    public void AnUnbuiltModelCannotSaveOrLoad()
    {
        using var model = new Sequential(new Layer[] { new Dense(2) });
        Assert.Contains("not built", Assert.Throws<InvalidOperationException>(() => model.SaveWeights("x.weights.safetensors")).Message);
        Assert.Contains("not built", Assert.Throws<InvalidOperationException>(() => model.LoadWeights("x.weights.safetensors")).Message);
    }

    [Fact]
    public void AMissingFileIsReportedByName()
    {
        using var folder = new TempFolder();
        using var model = SmallModel();
        var path = folder.File("absent.weights.safetensors");
        var error = Assert.Throws<FileNotFoundException>(() => model.LoadWeights(path));
        Assert.Contains(path, error.Message);
    }
}
