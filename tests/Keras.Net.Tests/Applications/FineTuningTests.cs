using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.TestSupport;

namespace KerasNet.Tests.ApplicationsTests;

/// <summary>Keras's transfer-learning recipe, freezing, recompiling and learning-rate multipliers on tiny models.</summary>
public sealed class FineTuningTests
{
    private static Model TinyBase()
    {
        var input = Keras.Input(new long[] { 3, 12, 12 });
        var x = new Conv2D(6, 3, padding: "same", dataFormat: "channels_first", name: "conv1").Apply(input);
        x = new BatchNormalization(axis: 1, name: "bn1").Apply(x);
        x = new Activation("relu", name: "relu1").Apply(x);
        x = new Conv2D(8, 3, strides: 2, dataFormat: "channels_first", name: "conv2").Apply(x);
        x = new BatchNormalization(axis: 1, name: "bn2").Apply(x);
        x = new Activation("relu", name: "relu2").Apply(x);
        return new Model(input, x, "base");
    }

    private static List<Tensor> Snapshot(IEnumerable<Variable> weights) => weights.Select(w => w.Value.detach().clone()).ToList();

    private static bool Changed(Tensor before, Variable after) => !before.allclose(after.Value, 0, 0);

    [Fact]
    public void TransferLearningRecipeKeepsFrozenWeightsAndBatchNormStatisticsFixed()
    {
        using var scope = torch.NewDisposeScope();
        using var baseModel = TinyBase();
        // Give the base's BatchNorm layers statistics of their own, as a pretrained base has.
        using (torch.no_grad())
            foreach (var bn in baseModel.Layers.OfType<BatchNormalization>())
            {
                bn.MovingMean.Value.copy_(torch.randn(bn.MovingMean.Shape).mul(0.1));
                bn.MovingVariance.Value.copy_(torch.rand(bn.MovingVariance.Shape).add(0.5));
            }
        baseModel.Trainable = false;

        var inputs = Keras.Input(new long[] { 3, 12, 12 });
        var x = baseModel.Apply(inputs, training: false);
        x = new GlobalAveragePooling2D(dataFormat: "channels_first").Apply(x);
        x = new Dropout(0.2).Apply(x);
        var outputs = new Dense(3, activation: "softmax", name: "head").Apply(x);
        using var model = new Model(inputs, outputs);
        Assert.Equal(2, model.TrainableWeights.Count);

        var images = torch.randn(new long[] { 48, 3, 12, 12 });
        var labels = images.mean(new long[] { 1, 2, 3 }).gt(0).to(ScalarType.Int64).add(images.select(1, 0).mean(new long[] { 1, 2 }).gt(0).to(ScalarType.Int64));
        var baseBefore = Snapshot(baseModel.Weights);
        var head = model.GetLayer("head");
        var headBefore = Snapshot(head.Weights);

        model.Compile(new Adam(1e-2), "sparse_categorical_crossentropy");
        model.Fit(images, labels, batchSize: 16, epochs: 2, verbose: Verbosity.Silent);
        for (var i = 0; i < baseBefore.Count; i++) TensorAssert.Equal(baseBefore[i], baseModel.Weights[i].Value, $"frozen {baseModel.Weights[i].Path}");
        Assert.True(Changed(headBefore[0], head.Weights[0]), "the head did not learn");

        // Unfreeze the top block only.
        baseModel.Trainable = true;
        foreach (var layer in baseModel.Layers.Where(l => l.Name is "conv1" or "bn1")) layer.Trainable = false;
        var error = Assert.Throws<InvalidOperationException>(() => model.Fit(images, labels, batchSize: 16, epochs: 1, verbose: Verbosity.Silent));
        Assert.Contains("call model.Compile(optimizer, loss, metrics) again", error.Message);

        model.Compile(new Adam(1e-4), "sparse_categorical_crossentropy");
        Assert.Equal(6, model.TrainableWeights.Count); // conv2 kernel and bias, bn2 gamma and beta, head kernel and bias
        var conv2 = baseModel.GetLayer("conv2");
        var bn2 = (BatchNormalization)baseModel.GetLayer("bn2");
        var statistics = Snapshot(new[] { bn2.MovingMean, bn2.MovingVariance });
        model.Fit(images, labels, batchSize: 16, epochs: 1, verbose: Verbosity.Silent);
        for (var i = 0; i < 6; i++) TensorAssert.Equal(baseBefore[i], baseModel.Weights[i].Value, $"still frozen {baseModel.Weights[i].Path}");
        Assert.True(Changed(baseBefore[6], conv2.Weights[0]), "the unfrozen top block did not learn");
        // training: false keeps the unfrozen BatchNorm in inference mode: its statistics do not move.
        TensorAssert.Equal(statistics[0], bn2.MovingMean.Value);
        TensorAssert.Equal(statistics[1], bn2.MovingVariance.Value);
    }

    [Fact]
    public void FrozenBatchNormRunsInInferenceModeEvenWhenTrainingIsRequested()
    {
        using var scope = torch.NewDisposeScope();
        var bn = new BatchNormalization(axis: 1) { Trainable = false };
        var x = torch.randn(new long[] { 8, 4 }).mul(3).add(2);
        var y = bn.Apply(x, training: true);
        // Inference with fresh statistics (mean 0, variance 1) is x / sqrt(1 + eps).
        TensorAssert.Close(x.div(Math.Sqrt(1 + 1e-3)), y, 1e-6, 1e-6);
        TensorAssert.Equal(torch.zeros(new long[] { 4 }), bn.MovingMean.Value);
    }

    private static Model TwoLayers(string suffix)
    {
        var input = Keras.Input(4);
        var x = new Dense(5, activation: "tanh", name: "a" + suffix).Apply(input);
        x = new Dense(2, name: "b" + suffix).Apply(x);
        return new Model(input, x);
    }

    [Fact]
    public void LearningRateMultipliersEqualParameterGroupsWithTheirOwnRate()
    {
        using var scope = torch.NewDisposeScope();
        // Model 1: Adam at 0.01, layer a at x0.5. Model 2: Adam at 0.005, layer b at x2. Both train a at 0.005, b at 0.01.
        using var one = TwoLayers("1");
        using var two = TwoLayers("2");
        using (torch.no_grad())
            for (var i = 0; i < one.Weights.Count; i++) two.Weights[i].Value.copy_(one.Weights[i].Value);
        var optimizer1 = new Adam(0.01);
        optimizer1.SetLearningRateMultiplier(one.GetLayer("a1"), 0.5);
        var optimizer2 = new Adam(0.005);
        optimizer2.SetLearningRateMultiplier(two.GetLayer("b2"), 2.0);
        one.Compile(optimizer1, "mse");
        two.Compile(optimizer2, "mse");
        Assert.Equal(0.5, optimizer1.GetLearningRateMultiplier(one.GetLayer("a1").Weights[0]));
        var x = torch.randn(new long[] { 16, 4 });
        var y = torch.randn(new long[] { 16, 2 });
        var start = Snapshot(one.Weights);
        for (var step = 0; step < 3; step++)
        {
            one.TrainOnBatch(x, y);
            two.TrainOnBatch(x, y);
        }
        for (var i = 0; i < one.Weights.Count; i++)
        {
            TensorAssert.Close(one.Weights[i].Value, two.Weights[i].Value, 1e-5, 1e-6, one.Weights[i].Path);
            Assert.True(Changed(start[i], one.Weights[i]));
        }
    }

    [Fact]
    public void MultiplierZeroHoldsAWeightStillAndNegativeOnesAreRefused()
    {
        using var scope = torch.NewDisposeScope();
        using var model = TwoLayers("z");
        var optimizer = new SGD(0.1, momentum: 0.9);
        optimizer.SetLearningRateMultiplier(model.GetLayer("az"), 0);
        model.Compile(optimizer, "mse");
        var before = Snapshot(model.Weights);
        model.TrainOnBatch(torch.randn(new long[] { 8, 4 }), torch.randn(new long[] { 8, 2 }));
        TensorAssert.Equal(before[0], model.Weights[0].Value);
        Assert.True(Changed(before[2], model.Weights[2]));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.SetLearningRateMultiplier(model.Weights[0], -1));
        Assert.Contains("az/kernel", error.Message);
    }
}
