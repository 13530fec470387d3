using KerasNet.Data;
using KerasNet.Layers;
using KerasNet.Losses;
using KerasNet.Metrics;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.Tests.LayersTests;
using SparseCategoricalCrossentropy = KerasNet.Losses.SparseCategoricalCrossentropy;

namespace KerasNet.Tests.ModelsTests;

/// <summary>Functional models: several inputs and outputs, shared layers, nested models, graph errors.</summary>
public class FunctionalModelTests
{
    /// <summary>Inputs a (3 features) and b (2 features); outputs "reg" (1 unit) and "cls" (3 classes, softmax).</summary>
    private static (Model Model, Layer Trunk) TwoInTwoOut()
    {
        var a = Keras.Input(new long[] { 3 }, name: "in_a");
        var b = Keras.Input(new long[] { 2 }, name: "in_b");
        var trunk = new Dense(16, activation: "tanh", name: "trunk");
        var h = trunk.Apply(new Concatenate(name: "joined").Apply(a, b));
        var reg = new Dense(1, name: "reg").Apply(h);
        var cls = new Dense(3, activation: "softmax", name: "cls").Apply(h);
        return (new Model(new[] { a, b }, new[] { reg, cls }, name: "two_in_two_out"), trunk);
    }

    private static (Tensor[] X, Tensor[] Y) TwoInTwoOutData(int n)
    {
        var xa = TestData.Randn(11, n, 3);
        var xb = TestData.Randn(12, n, 2);
        var reg = (xa.sum(1, keepdim: true) - xb.narrow(1, 0, 1)) * 0.5;
        var cls = xa.narrow(1, 0, 1).gt(0.5).to(ScalarType.Int64).squeeze(1) + xb.narrow(1, 1, 1).gt(0).to(ScalarType.Int64).squeeze(1);
        return (new[] { xa, xb }, new[] { reg, cls });
    }

    [Fact]
    public void TwoInputsTwoOutputsShapesAndPredict()
    {
        using var scope = torch.NewDisposeScope();
        var (model, _) = TwoInTwoOut();
        using var _model = model;
        Assert.Equal(2, model.Inputs!.Count);
        Assert.Equal(new[] { "reg", "cls" }, model.Outputs!.Select(o => o.Layer.Name));
        Assert.Equal(new[] { TensorShape.WithBatch(1), TensorShape.WithBatch(3) }, model.ComputeOutputShape(new[] { TensorShape.WithBatch(3), TensorShape.WithBatch(2) }));
        var (x, _) = TwoInTwoOutData(10);
        var predictions = model.PredictMulti(x, batchSize: 4, verbose: Verbosity.Silent);
        Assert.Equal(new long[] { 10, 1 }, predictions[0].shape);
        Assert.Equal(new long[] { 10, 3 }, predictions[1].shape);
        var eager = model.Apply(x);
        TestData.Close(eager[0], predictions[0], "batched Predict equals one eager call (reg)");
        TestData.Close(eager[1], predictions[1], "batched Predict equals one eager call (cls)");
        Assert.Contains("has 2 input(s) (in_a, in_b); received 1", Assert.ThrowsAny<ArgumentException>(() => model.Predict(x[0], verbose: Verbosity.Silent)).Message);
        var single = Keras.Input(3);
        using var twoHeads = new Model(new[] { single }, new[] { new Dense(1).Apply(single), new Dense(2).Apply(single) }, name: "two_heads");
        Assert.Contains("has 2 outputs; use PredictMulti", Assert.Throws<InvalidOperationException>(() => twoHeads.Predict(x[0], verbose: Verbosity.Silent)).Message);
    }

    [Fact]
    public void LossWeightsWeighTheOutputLosses()
    {
        using var scope = torch.NewDisposeScope();
        var (model, _) = TwoInTwoOut();
        using var _model = model;
        model.Compile(new SGD(0.01), new Loss[] { "mse", "sparse_categorical_crossentropy" },
            new[] { Array.Empty<Metric>(), new Metric[] { "accuracy" } }, lossWeights: new[] { 0.5, 2.0 });
        var (x, y) = TwoInTwoOutData(8);
        var logs = model.EvaluateDict(new TensorBatchSource(x, y, null, 8, shuffle: false), Verbosity.Silent);
        var predictions = model.Apply(x);
        var expected = 0.5 * new KerasNet.Losses.MeanSquaredError().Compute(y[0], predictions[0]).item<float>()
                     + 2.0 * new SparseCategoricalCrossentropy().Compute(y[1], predictions[1]).item<float>();
        Assert.Equal(expected, logs["loss"], 5);
        // Metrics of a multi-output model are prefixed with their output's name.
        var accuracy = new SparseCategoricalAccuracy();
        accuracy.UpdateState(y[1], predictions[1]);
        Assert.Equal(accuracy.Result(), logs["cls_accuracy"], 6);
    }

    [Fact]
    public void FitTrainsBothOutputs()
    {
        using var scope = torch.NewDisposeScope();
        var (model, trunk) = TwoInTwoOut();
        using var _model = model;
        model.Compile(new Adam(0.02), new Loss[] { "mse", "sparse_categorical_crossentropy" }, lossWeights: new[] { 1.0, 0.5 });
        var (x, y) = TwoInTwoOutData(64);
        var before = trunk.Weights[0].Value.clone();
        var history = model.Fit(x, y, batchSize: 16, epochs: 15, verbose: Verbosity.Silent);
        Assert.Equal(15, history["loss"].Count);
        Assert.True(history["loss"][^1] < 0.5 * history["loss"][0], $"loss went from {history["loss"][0]} to {history["loss"][^1]}");
        Assert.False(before.allclose(trunk.Weights[0].Value), "the shared trunk was trained");
    }

    [Fact]
    public void CompileNeedsOneLossPerOutputOrOneForAll()
    {
        var (model, _) = TwoInTwoOut();
        using var _model = model;
        var error = Assert.Throws<ArgumentException>(() => model.Compile("adam", new Loss[] { "mse" }));
        LayerBadInputTests.AssertMentions(error.Message, "two_in_two_out", "2 output(s) but 1 losses");
        error = Assert.Throws<ArgumentException>(() => model.Compile("adam", new Loss[] { "mse", "mse" }, lossWeights: new[] { 1.0 }));
        LayerBadInputTests.AssertMentions(error.Message, "2 output(s) but 1 loss weights");
        error = Assert.Throws<ArgumentException>(() => model.Compile("adam", new Loss[] { "mse", "mse" }, new[] { new Metric[] { "mae" } }));
        LayerBadInputTests.AssertMentions(error.Message, "metrics were given for 1");
        // One loss for every output is fine, and metrics are cloned for the second output.
        Assert.Same(model, model.Compile("adam", "mse", new Metric[] { "mae" }));
    }

    [Fact]
    public void SharedLayerHasOneSetOfWeightsAndLearnsFromBothUses()
    {
        using var scope = torch.NewDisposeScope();
        var left = Keras.Input(3);
        var right = Keras.Input(3);
        var shared = new Dense(4, name: "shared_dense", biasInitializer: new KerasNet.Initializers.Constant(0.5));
        var head = new Dense(1, name: "head_dense");
        var merged = new Subtract().Apply(shared.Apply(left), shared.Apply(right));
        using var model = new Model(new[] { left, right }, new[] { head.Apply(merged) });
        Assert.Equal(3 * 4 + 4 + 4 + 1, model.CountParams());
        Assert.Single(model.Layers, l => ReferenceEquals(l, shared));

        var xl = TestData.Randn(1, 5, 3);
        var xr = TestData.Randn(2, 5, 3);
        TestData.Close(head.Apply(shared.Apply(xl) - shared.Apply(xr)), model.Apply(new[] { xl, xr })[0], "the graph computes head(shared(a) - shared(b))");

        var kernel = shared.Kernel.Value.clone();
        model.Compile(new SGD(0.1), "mse");
        model.Fit(new[] { xl, xr }, new[] { TestData.Randn(3, 5, 1) }, batchSize: 5, verbose: Verbosity.Silent);
        // The bias cancels in shared(a) - shared(b): its gradients from the two uses sum to zero, so it stays; the kernel moves.
        TestData.Close(torch.full(new long[] { 4 }, 0.5), shared.Bias!.Value, "shared bias after training");
        Assert.False(kernel.allclose(shared.Kernel.Value), "the shared kernel was trained");
    }

    [Fact]
    public void NestedModelsAreLayers()
    {
        using var scope = torch.NewDisposeScope();
        var inner = new Sequential(new Layer[] { Keras.Input(3), new Dense(4, activation: "relu", name: "inner_dense") }, name: "inner");
        var x = Keras.Input(3);
        using var outer = new Model(x, new Dense(2, name: "outer_dense").Apply(inner.Apply(x)), name: "outer");
        Assert.Same(inner, outer.GetLayer("inner"));
        Assert.Equal(16 + 10, outer.CountParams());
        Assert.Equal(TensorShape.WithBatch(4), inner.ComputeOutputShape(TensorShape.WithBatch(3)));

        var data = TestData.Randn(4, 6, 3);
        var expected = ((Dense)outer.GetLayer("outer_dense")).Apply(inner.Apply(data));
        TestData.Close(expected, outer.Predict(data, verbose: Verbosity.Silent), "outer(x) = dense(inner(x))");

        var innerKernel = inner.Weights[0].Value.clone();
        outer.Compile(new SGD(0.1), "mse").Fit(data, TestData.Randn(5, 6, 2), batchSize: 6, verbose: Verbosity.Silent);
        Assert.False(innerKernel.allclose(inner.Weights[0].Value), "training the outer model trains the nested one");

        // A functional model nested in a Sequential one.
        var fin = Keras.Input(2);
        var functional = new Model(fin, new Dense(3, name: "f_dense").Apply(fin), name: "functional_inner");
        using var stack = new Sequential(new Layer[] { Keras.Input(2), functional, new Dense(1, name: "after") });
        Assert.Equal(9 + 4, stack.CountParams());
        Assert.Equal(new long[] { 7, 1 }, stack.Predict(torch.ones(7, 2), verbose: Verbosity.Silent).shape);
    }

    [Fact]
    public void GraphErrorsNameTheModelAndTheTensors()
    {
        using var scope = torch.NewDisposeScope();
        var a = Keras.Input(new long[] { 3 }, name: "graph_a");
        var b = Keras.Input(new long[] { 3 }, name: "graph_b");
        var sum = new Add().Apply(a, b);
        var error = Assert.Throws<ArgumentException>(() => new Model(a, sum, name: "missing_input"));
        LayerBadInputTests.AssertMentions(error.Message, "missing_input", "graph_b", "not among the model's inputs");
        var dense = new Dense(2).Apply(a);
        error = Assert.Throws<ArgumentException>(() => new Model(dense, dense, name: "bad_input"));
        LayerBadInputTests.AssertMentions(error.Message, "bad_input", "must come from Keras.Input");

        using var model = new Model(new[] { a, b }, new[] { sum }, name: "adder");
        error = Assert.ThrowsAny<ArgumentException>(() => model.Apply(new[] { torch.ones(2, 3) }));
        LayerBadInputTests.AssertMentions(error.Message, "Model 'adder' has 2 input(s) (graph_a, graph_b); received 1");
        error = Assert.ThrowsAny<ArgumentException>(() => model.Apply(new[] { torch.ones(2, 3), torch.ones(2, 4) }));
        LayerBadInputTests.AssertMentions(error.Message, "input 'graph_b' expects shape (None, 3); received (2, 4)");
    }
}
