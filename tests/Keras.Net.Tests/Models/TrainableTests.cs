using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.Tests.LayersTests;

namespace KerasNet.Tests.ModelsTests;

/// <summary>Freezing weights, recompiling, BatchNormalization in inference mode, and inference leaving the model as it was.</summary>
public class TrainableTests
{
    private static (Tensor X, Tensor Y) Data() => (TestData.Randn(21, 16, 4), TestData.Randn(22, 16, 2));

    private static void AssertUnchanged(Tensor[] before, Layer layer, string what)
    {
        var after = layer.Weights;
        for (var i = 0; i < before.Length; i++) TestData.Close(before[i], after[i].Value, $"{what}: {after[i].Path}", 0, 0);
    }

    [Fact]
    public void FrozenLayerKeepsItsWeightsThroughFitWhileOthersTrain()
    {
        using var scope = torch.NewDisposeScope();
        var frozen = new Dense(8, activation: "tanh", name: "frozen_dense");
        var head = new Dense(2, name: "head");
        using var model = new Sequential(new Layer[] { Keras.Input(4), frozen, head });
        frozen.Trainable = false;
        Assert.Empty(frozen.TrainableWeights);
        Assert.Equal(2, frozen.NonTrainableWeights.Count);
        Assert.Equal(2, model.TrainableWeights.Count);
        var frozenBefore = WeightTools.Snapshot(frozen);
        var headBefore = head.Kernel.Value.clone();

        var (x, y) = Data();
        model.Compile(new Adam(0.05, weightDecay: 0.1), "mse").Fit(x, y, batchSize: 4, epochs: 2, verbose: Verbosity.Silent);
        AssertUnchanged(frozenBefore, frozen, "frozen layer after Fit");
        Assert.False(headBefore.allclose(head.Kernel.Value), "the trainable head was updated");
        Assert.Contains(" Non-trainable params: 40 (160.00 B)", model.Summary());
    }

    [Fact]
    public void ChangingTrainableAfterCompileRequiresANewCompile()
    {
        using var scope = torch.NewDisposeScope();
        var first = new Dense(8, name: "first_layer");
        using var model = new Sequential(new Layer[] { Keras.Input(4), first, new Dense(2) }, name: "recompile");
        var (x, y) = Data();
        model.Compile("sgd", "mse");
        model.TrainOnBatch(x, y);

        model.Trainable = false;
        Assert.False(model.IsCompiled);
        var error = Assert.Throws<InvalidOperationException>(() => model.Fit(x, y, verbose: Verbosity.Silent));
        LayerBadInputTests.AssertMentions(error.Message, "Model 'recompile' must be compiled before Fit", "again after changing Trainable");
        Assert.Empty(model.TrainableWeights);

        model.Trainable = true;
        model.Compile("sgd", "mse");
        model.TrainOnBatch(x, y);
        first.Trainable = false;   // a sublayer: the model is not told, but the next training call notices
        error = Assert.Throws<InvalidOperationException>(() => model.TrainOnBatch(x, y));
        LayerBadInputTests.AssertMentions(error.Message, "trainable weights of model 'recompile' changed since Compile", "Compile");
        Assert.Throws<InvalidOperationException>(() => model.Fit(x, y, verbose: Verbosity.Silent));
        model.Compile("sgd", "mse");
        var frozenBefore = WeightTools.Snapshot(first);
        model.Fit(x, y, batchSize: 8, verbose: Verbosity.Silent);
        AssertUnchanged(frozenBefore, first, "layer frozen before the new Compile");
    }

    [Fact]
    public void FrozenBatchNormalizationRunsInInferenceMode()
    {
        using var scope = torch.NewDisposeScope();
        var bn = new BatchNormalization(name: "frozen_bn");
        using var model = new Sequential(new Layer[] { Keras.Input(4), bn, new Dense(2) });
        var (x, y) = Data();
        bn.Apply(x, training: true);                  // moving statistics move away from 0 and 1
        bn.Trainable = false;
        var statistics = WeightTools.Snapshot(bn);
        TestData.Close(bn.Apply(x, training: false), bn.Apply(x, training: true), "frozen BN in training mode = inference mode");
        AssertUnchanged(statistics, bn, "frozen BN called in training mode");
        model.Compile("sgd", "mse").Fit(x, y, batchSize: 4, verbose: Verbosity.Silent);
        AssertUnchanged(statistics, bn, "frozen BN after Fit");
    }

    [Fact]
    public void TrainingModeBatchNormalizationUpdatesItsMovingStatisticsWithKerasMomentum()
    {
        using var scope = torch.NewDisposeScope();
        var bn = new BatchNormalization(momentum: 0.9);
        var x = TestData.Randn(23, 32, 3) * 2 + 1;
        bn.Apply(x, training: true);
        // moving = momentum · moving + (1 − momentum) · batch statistic (variance unbiased, as PyTorch).
        TestData.Close(x.mean(new long[] { 0 }) * 0.1, bn.MovingMean.Value, "moving mean");
        TestData.Close(x.var(new long[] { 0 }) * 0.1 + 0.9, bn.MovingVariance.Value, "moving variance");
    }

    [Fact]
    public void EvaluateAndPredictLeaveWeightsAndStatisticsUnchanged()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new Sequential(new Layer[]
        {
            Keras.Input(4), new Dense(8), new BatchNormalization(), new Dropout(0.5), new Dense(2),
        });
        var (x, y) = Data();
        model.Compile("adam", "mse");
        var before = WeightTools.Snapshot(model);
        var evaluated = model.Evaluate(x, y, batchSize: 4, verbose: Verbosity.Silent);
        var predicted = model.Predict(x, batchSize: 4, verbose: Verbosity.Silent);
        AssertUnchanged(before, model, "after Evaluate and Predict");
        // Inference mode: dropout off, BN on its moving statistics, so both are deterministic.
        TestData.Close(predicted, model.Predict(x, batchSize: 16, verbose: Verbosity.Silent), "Predict again");
        Assert.Equal(evaluated, model.Evaluate(x, y, batchSize: 16, verbose: Verbosity.Silent), 5);
        Assert.False(predicted.requires_grad);
    }
}
