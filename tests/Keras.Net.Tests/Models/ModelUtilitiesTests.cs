using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Serialization;

namespace KerasNet.Tests.ModelsTests;

/// <summary>Keras's model utilities: get/set_weights, to_json/model_from_json, clone_model, metrics and summary options.</summary>
public class ModelUtilitiesTests
{
    private static Model Functional(string name)
    {
        var input = Keras.Input(new long[] { 4 }, name: $"{name}_in");
        var hidden = new Dense(6, activation: "tanh", name: $"{name}_hidden").Apply(input);
        var normalized = new BatchNormalization(name: $"{name}_bn").Apply(hidden);
        return new Model(input, new Dense(3, name: $"{name}_out").Apply(normalized), name: name);
    }

    [Fact]
    public void GetWeightsCopiesInWeightsOrderAndSetWeightsRestoresThem()
    {
        using var source = Functional("gw_source");
        using var target = Functional("gw_target");
        var values = source.GetWeights();
        Assert.Equal(source.Weights.Select(w => w.Value.shape), values.Select(v => v.shape));
        var scratch = source.GetWeights();
        scratch[0].add_(1.0);   // a copy: the model keeps its value
        Assert.False(source.Weights[0].Value.allclose(scratch[0], rtol: 0, atol: 0));
        target.SetWeights(values);
        using var x = TestData.Randn(3, 5, 4);
        Assert.True(source.Predict(x).allclose(target.Predict(x), rtol: 0, atol: 0));
    }

    [Fact]
    public void SetWeightsRejectsAWrongCountOrShapeAndChangesNothing()
    {
        using var model = Functional("sw_bad");
        var values = model.GetWeights().ToList();
        var countError = Assert.Throws<ArgumentException>(() => model.SetWeights(values.Take(2).ToList()));
        Assert.Contains("has 8 weight(s)", countError.Message);
        Assert.Contains("received 2 value(s)", countError.Message);

        var before = model.GetWeights();
        var wrong = values.Select(v => v.add(1.0)).ToList();
        wrong[5] = torch.zeros(7);
        var shapeError = Assert.Throws<ArgumentException>(() => model.SetWeights(wrong));
        Assert.Contains("weight 5", shapeError.Message);
        Assert.Contains("value of shape [7]", shapeError.Message);
        Assert.Contains("Nothing was changed", shapeError.Message);
        for (var i = 0; i < before.Count; i++) Assert.True(model.Weights[i].Value.allclose(before[i], rtol: 0, atol: 0));
    }

    [Fact]
    public void ToJsonAndModelFromJsonRecreateTheArchitecture()
    {
        using var model = Functional("json_model");
        var json = model.ToJson();
        using var restored = Keras.ModelFromJson(json);
        Assert.Equal(json, restored.ToJson());
        restored.SetWeights(model.GetWeights());
        using var x = TestData.Randn(4, 2, 4);
        Assert.True(model.Predict(x).allclose(restored.Predict(x), rtol: 0, atol: 0));
    }

    [Fact]
    public void ASequentialBuiltFromDataKeepsItsInputShapesInJson()
    {
        using var model = new Sequential(new Layer[] { new Dense(5), new Dense(2) }, name: "json_seq");
        model.Predict(TestData.Randn(5, 3, 7));
        using var restored = Keras.ModelFromJson(model.ToJson(indented: true));
        Assert.True(restored.Built);
        Assert.Equal(model.CountParams(), restored.CountParams());
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("[1, 2]", "expects a JSON object")]
    [InlineData("{\"class_name\": \"NoSuchModel\", \"config\": {}}", "Unknown class 'NoSuchModel'")]
    public void ModelFromJsonRejectsWhatIsNotAModel(string json, string expected)
    {
        var error = Assert.Throws<KerasSerializationException>(() => Keras.ModelFromJson(json));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void CloneModelHasTheSameArchitectureAndNewWeights()
    {
        using var model = Functional("clone_me");
        using var clone = Keras.CloneModel(model);
        Assert.Equal(model.ToJson(), clone.ToJson());
        Assert.Equal(model.Weights.Count, clone.Weights.Count);
        Assert.All(model.Weights.Zip(clone.Weights), pair => Assert.NotSame(pair.First.Value, pair.Second.Value));
        // Dense kernels are drawn again (Glorot uniform), so they differ.
        Assert.False(model.Weights[0].Value.allclose(clone.Weights[0].Value, rtol: 0, atol: 0));
    }

    [Fact]
    public void MetricsAreTheLossTrackerAndTheCompiledMetricsNamedAsTheLogs()
    {
        using var model = Functional("metrics_model");
        Assert.Empty(model.Metrics);
        model.Compile("adam", "sparse_categorical_crossentropy", new KerasNet.Metrics.Metric[] { "accuracy" });
        var x = TestData.Randn(6, 8, 4);
        var y = torch.tensor(new long[] { 0, 1, 2, 0, 1, 2, 0, 1 });
        var history = model.Fit(x, y, batchSize: 4, epochs: 1, verbose: Verbosity.Silent);
        Assert.Equal(new[] { "loss", "accuracy" }, model.MetricsNames);
        Assert.Equal(history.Values.Keys.OrderBy(k => k), model.MetricsNames.OrderBy(k => k));
        Assert.True(model.Metrics[0].Result() > 0);
        model.ResetMetrics();
        Assert.All(model.Metrics, m => Assert.Equal(0.0, m.Result()));
    }

    [Fact]
    public void SummaryLineLengthSetsTheWidthOfEveryTableLine()
    {
        using var model = Functional("summary_width");
        var table = model.Summary(lineLength: 60).Split('\n').Where(l => l.Length > 0 && "┏┃┡│├└".Contains(l[0])).ToList();
        Assert.NotEmpty(table);
        Assert.All(table, line => Assert.Equal(60, line.Length));
        Assert.Contains(table, line => line.Contains('…'));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Summary(lineLength: 39));
    }

    [Fact]
    public void SummaryShowsTrainableAndExpandsNestedModels()
    {
        using var inner = new Sequential(new Layer[] { Keras.Input(4), new Dense(3, name: "inner_dense"), new Flatten(name: "inner_flat") }, name: "inner");
        inner.Layers[0].Trainable = false;
        var input = Keras.Input(new long[] { 4 }, name: "outer_in");
        using var outer = new Model(input, new Dense(2, name: "outer_head").Apply(inner.Apply(input)), name: "outer");

        var plain = outer.Summary();
        Assert.DoesNotContain("inner_dense", plain);
        var expanded = outer.Summary(expandNested: true, showTrainable: true);
        var lines = expanded.Split('\n');
        Assert.Contains("Trainable", lines[2]);
        Assert.Contains(lines, l => l.StartsWith("│ │ inner_dense (Dense)", StringComparison.Ordinal) && l.TrimEnd().EndsWith("│ N         │", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("│ │ inner_flat (Flatten)", StringComparison.Ordinal) && l.TrimEnd().EndsWith("│ -         │", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("│ outer_head (Dense)", StringComparison.Ordinal) && l.TrimEnd().EndsWith("│ Y         │", StringComparison.Ordinal));
    }
}
