using KerasNet.Data;
using KerasNet.Layers;
using KerasNet.Losses;
using KerasNet.Metrics;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.Tests.LayersTests;
using SparseCategoricalCrossentropy = KerasNet.Losses.SparseCategoricalCrossentropy;
using BinaryCrossentropy = KerasNet.Losses.BinaryCrossentropy;

namespace KerasNet.Tests.ModelsTests;

/// <summary>Fit, Evaluate, Predict and the *OnBatch methods: Keras's semantics and error messages.</summary>
public class TrainingTests
{
    /// <summary>A functional model that records the first feature of every sample its train and test steps see.</summary>
    private sealed class RecordingModel : Model
    {
        public RecordingModel(KerasTensor input, KerasTensor output) : base(input, output) { }

        public List<float> Trained { get; } = new();
        public List<float> Tested { get; } = new();

        protected internal override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
        {
            Trained.AddRange(batch.X[0].select(1, 0).contiguous().data<float>().ToArray());
            return base.TrainStep(batch);
        }

        protected internal override IReadOnlyDictionary<string, double> TestStep(Batch batch)
        {
            Tested.AddRange(batch.X[0].select(1, 0).contiguous().data<float>().ToArray());
            return base.TestStep(batch);
        }
    }

    private static RecordingModel Recording()
    {
        var input = Keras.Input(2);
        return new RecordingModel(input, new Dense(1).Apply(input));
    }

    /// <summary>x = (i, 1) for sample i, so the first feature names the sample.</summary>
    private static Tensor Indexed(int n) => torch.stack(new[] { torch.arange(0, n, ScalarType.Float32), torch.ones(n) }, 1);

    [Fact]
    public void ValidationSplitHoldsOutTheLastSamplesBeforeShuffling()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Recording();
        model.Compile(new SGD(0.001), "mse");
        var history = model.Fit(Indexed(10), torch.zeros(10, 1), batchSize: 3, epochs: 3, validationSplit: 0.2, shuffle: true, verbose: Verbosity.Silent);
        // Every epoch trains on samples 0..7 (in some order) and validates on 8 and 9, in order.
        Assert.Equal(24, model.Trained.Count);
        Assert.Equal(Enumerable.Range(0, 8).SelectMany(i => Enumerable.Repeat((float)i, 3)), model.Trained.OrderBy(v => v));
        Assert.Equal(new float[] { 8, 9, 8, 9, 8, 9 }, model.Tested);
        Assert.Equal(3, history["val_loss"].Count);
    }

    [Fact]
    public void ShuffleFalseKeepsTheOrderAndShuffleTrueReordersEachEpoch()
    {
        using var scope = torch.NewDisposeScope();
        using var ordered = Recording();
        ordered.Compile(new SGD(0.001), "mse").Fit(Indexed(12), torch.zeros(12, 1), batchSize: 5, epochs: 2, shuffle: false, verbose: Verbosity.Silent);
        Assert.Equal(Enumerable.Range(0, 12).Concat(Enumerable.Range(0, 12)).Select(i => (float)i), ordered.Trained);

        using var shuffled = Recording();
        shuffled.Compile(new SGD(0.001), "mse").Fit(Indexed(12), torch.zeros(12, 1), batchSize: 5, epochs: 2, verbose: Verbosity.Silent);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (float)i), shuffled.Trained.Take(12).OrderBy(v => v));
        // The chance that two independent permutations of 12 are both the identity is 1 / 12!² (about 4e-18).
        Assert.False(shuffled.Trained.SequenceEqual(ordered.Trained), "shuffled epochs kept the original order");
    }

    /// <summary>
    /// A binary classifier whose only weight scales the first feature: its first-batch loss is known before any update
    /// (BCE of sigmoid(x0) against y), so weighted losses can be checked from Fit's history with one batch per epoch.
    /// </summary>
    private static (Sequential Model, Tensor X, Tensor Y, Tensor PerSample) Classifier()
    {
        var kernel = TestData.Floats(new[] { 1f, 0f }, 2, 1);
        var model = new Sequential(new Layer[] { Keras.Input(2), new Dense(1, activation: "sigmoid", useBias: false, kernelInitializer: new FixedValue(kernel)) });
        var x = TestData.Randn(41, 6, 2);
        var y = TestData.Floats(new[] { 1f, 0f, 0f, 1f, 1f, 0f }, 6, 1);
        var perSample = new BinaryCrossentropy(reduction: Reduction.None).Compute(y, x.narrow(1, 0, 1).sigmoid());
        model.Compile(new SGD(0.01), "binary_crossentropy");
        return (model, x, y, perSample);
    }

    [Fact]
    public void ClassWeightAndSampleWeightScaleEachSampleLoss()
    {
        using var scope = torch.NewDisposeScope();
        var (model, x, y, perSample) = Classifier();
        using var _ = model;
        var classWeight = new Dictionary<long, double> { [0] = 0.5, [1] = 3.0 };
        var byClass = TestData.Floats(new[] { 3f, 0.5f, 0.5f, 3f, 3f, 0.5f });
        var history = model.Fit(x, y, batchSize: 6, classWeight: classWeight, shuffle: false, verbose: Verbosity.Silent);
        Assert.Equal((perSample * byClass).mean().item<float>(), history["loss"][0], 5);

        var (model2, _, _, _) = Classifier();
        using var __ = model2;
        var sampleWeight = TestData.Floats(new[] { 1f, 2f, 0f, 1f, 0.5f, 4f });
        history = model2.Fit(x, y, batchSize: 6, sampleWeight: sampleWeight, shuffle: false, verbose: Verbosity.Silent);
        Assert.Equal((perSample * sampleWeight).mean().item<float>(), history["loss"][0], 5);

        var (model3, _, _, _) = Classifier();
        using var ___ = model3;
        history = model3.Fit(x, y, batchSize: 6, sampleWeight: sampleWeight, classWeight: classWeight, shuffle: false, verbose: Verbosity.Silent);
        Assert.Equal((perSample * sampleWeight * byClass).mean().item<float>(), history["loss"][0], 5);
    }

    [Fact]
    public void OneHotTargetsTakeTheirClassWeightFromTheArgMax()
    {
        using var scope = torch.NewDisposeScope();
        var kernel = torch.zeros(2, 3);
        using var model = new Sequential(new Layer[] { Keras.Input(2), new Dense(3, activation: "softmax", kernelInitializer: new FixedValue(kernel)) });
        model.Compile(new SGD(0.01), "categorical_crossentropy");
        var labels = TestData.Longs(0, 2, 2, 1);
        var history = model.Fit(TestData.Randn(42, 4, 2), Utils.ToCategorical(labels, 3), batchSize: 4,
            classWeight: new Dictionary<long, double> { [2] = 5.0 }, verbose: Verbosity.Silent);
        // Uniform predictions: every sample's loss is ln 3; weights 1, 5, 5, 1.
        Assert.Equal(Math.Log(3) * 12 / 4, history["loss"][0], 5);
    }

    [Fact]
    public void OnBatchMethods()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new Sequential(new Layer[] { Keras.Input(3), new Dense(4, activation: "relu"), new Dense(2, activation: "softmax") });
        model.Compile(new SGD(0.1), "sparse_categorical_crossentropy", new Metric[] { "accuracy" });
        var x = TestData.Randn(43, 8, 3);
        var y = TestData.Longs(0, 1, 1, 0, 1, 0, 0, 1);

        var predicted = model.PredictOnBatch(x);
        TestData.Close(model.Apply(x), predicted, "PredictOnBatch = inference call");
        var expectedLoss = new SparseCategoricalCrossentropy().Compute(y, predicted).item<float>();
        var accuracy = new SparseCategoricalAccuracy();
        accuracy.UpdateState(y, predicted);

        var before = WeightTools.Snapshot(model);
        var tested = model.TestOnBatch(x, y);
        Assert.Equal(expectedLoss, tested["loss"], 5);
        Assert.Equal(accuracy.Result(), tested["accuracy"], 6);
        for (var i = 0; i < before.Length; i++) TestData.Close(before[i], model.Weights[i].Value, "TestOnBatch changes nothing", 0, 0);

        var trained = model.TrainOnBatch(x, y);
        Assert.Equal(expectedLoss, trained["loss"], 5);          // the loss before the update
        Assert.Equal(accuracy.Result(), trained["accuracy"], 6);
        Assert.True(model.TestOnBatch(x, y)["loss"] < expectedLoss, "one SGD step lowers the loss on the same batch");
    }

    [Fact]
    public void HistoryHoldsEveryEpochsLogs()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new Sequential(new Layer[] { Keras.Input(2), new Dense(1) });
        model.Compile(new SGD(0.05), "mse", new Metric[] { "mae" });
        var x = TestData.Randn(44, 20, 2);
        var y = x.sum(1, keepdim: true);
        var validation = (TestData.Randn(45, 6, 2), TestData.Randn(46, 6, 1));
        var history = model.Fit(x, y, batchSize: 5, epochs: 4, validationData: validation, verbose: Verbosity.Silent);
        Assert.Equal(new[] { 0, 1, 2, 3 }, history.Epochs);
        // As in Keras, a metric given by name is logged under that name.
        Assert.Equal(new[] { "loss", "mae", "val_loss", "val_mae" }, history.Values.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.All(history.Values.Values, v => Assert.Equal(4, v.Count));
        Assert.True(history["loss"][3] < history["loss"][0]);
        // The last val_loss is the model's loss on the validation data at the end of training.
        Assert.Equal(model.Evaluate(validation.Item1, validation.Item2, verbose: Verbosity.Silent), history["val_loss"][3], 5);
        Assert.Contains("History has no 'accuracy'", Assert.Throws<KeyNotFoundException>(() => history["accuracy"]).Message);

        var resumed = model.Fit(x, y, batchSize: 5, epochs: 4, initialEpoch: 2, verbose: Verbosity.Silent);
        Assert.Equal(new[] { 2, 3 }, resumed.Epochs);
    }

    [Fact]
    public void ValidationFrequencyAndStepLimits()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Recording();
        model.Compile(new SGD(0.001), "mse");
        var history = model.Fit(Indexed(20), torch.zeros(20, 1), batchSize: 2, epochs: 4, validationSplit: 0.5, validationFreq: 2,
            stepsPerEpoch: 3, validationSteps: 1, shuffle: false, verbose: Verbosity.Silent);
        Assert.Equal(24, model.Trained.Count);                         // 3 steps of 2 samples, 4 epochs
        Assert.Equal(new float[] { 10, 11, 10, 11 }, model.Tested);     // epochs 2 and 4, one step each
        Assert.Equal(2, history["val_loss"].Count);
    }

    [Fact]
    public void ErrorMessages()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new Sequential(new Layer[] { Keras.Input(3), new Dense(1) }, name: "errors_model");
        var x = torch.ones(10, 3);
        var y = torch.ones(10, 1);
        LayerBadInputTests.AssertMentions(Assert.Throws<InvalidOperationException>(() => model.Fit(x, y, verbose: Verbosity.Silent)).Message,
            "Model 'errors_model' must be compiled before Fit", "model.Compile(optimizer, loss, metrics)");
        Assert.Contains("before Evaluate", Assert.Throws<InvalidOperationException>(() => model.Evaluate(x, y, verbose: Verbosity.Silent)).Message);
        Assert.Contains("before TrainOnBatch", Assert.Throws<InvalidOperationException>(() => model.TrainOnBatch(x, y)).Message);
        Assert.Contains("before TestOnBatch", Assert.Throws<InvalidOperationException>(() => model.TestOnBatch(x, y)).Message);

        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => model.Compile("adam", new Loss[] { "mse", "mae" })).Message,
            "Model 'errors_model' has 1 output(s) but 2 losses were given");
        model.Compile("adam", "mse");
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => model.Fit(x, torch.ones(9, 1), verbose: Verbosity.Silent)).Message,
            "same number of samples", "x has 10", "y has shape [9, 1]");
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => model.Fit(x, y, sampleWeight: torch.ones(8), verbose: Verbosity.Silent)).Message,
            "sampleWeight has shape [8]");
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(x, y, validationSplit: 1.0, verbose: Verbosity.Silent));
        Assert.Contains("either validationSplit or validationData",
            Assert.Throws<ArgumentException>(() => model.Fit(x, y, validationSplit: 0.2, validationData: (x, y), verbose: Verbosity.Silent)).Message);
        Assert.Contains("empty training or validation set", Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(x, y, validationSplit: 0.05, verbose: Verbosity.Silent)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(x, y, epochs: 0, verbose: Verbosity.Silent));
        Assert.Contains("initialEpoch", Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(x, y, epochs: 2, initialEpoch: 2, verbose: Verbosity.Silent)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(x, y, batchSize: 0, verbose: Verbosity.Silent));
        LayerBadInputTests.AssertMentions(Assert.ThrowsAny<ArgumentException>(() => model.Fit(torch.ones(10, 4), y, verbose: Verbosity.Silent)).Message,
            "Sequential 'errors_model' expects input of shape (None, 3)");
        LayerBadInputTests.AssertMentions(Assert.ThrowsAny<ArgumentException>(() => model.Fit(x, torch.ones(10, 2), verbose: Verbosity.Silent)).Message,
            "[10, 2]", "[10, 1]");
    }
}
