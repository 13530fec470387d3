using KerasNet.Data;
using KerasNet.Data.Transforms;
using Dense = KerasNet.Layers.Dense;
using Flatten = KerasNet.Layers.Flatten;
using KerasNet.Models;

namespace KerasNet.Tests.Data;

/// <summary>
/// Fit, Evaluate and Predict on data loaders. In the training collection: the test seeds torch's global generator,
/// which tests running beside it would draw from between the seed and its use.
/// </summary>
[Collection("Training")]
public class DataLoaderTrainingTests
{
    [Fact]
    public void FitTrainsOnALoaderAndShowsItsStepCount()
    {
        torch.manual_seed(1);
        using var x = torch.randn(64, 1, 4, 4);
        using var y = (x.sum(new long[] { 1, 2, 3 }) > 0).to(ScalarType.Int64);
        var loader = new DataLoader(new TensorDataset(x, y, new RandomHorizontalFlip()), batchSize: 16, shuffle: true, seed: 2, numWorkers: 2);
        var model = new Sequential(new Layer[] { Keras.Input(1, 4, 4), new Flatten(), new Dense(2, activation: "softmax") });
        // A large step keeps "the loss falls in three epochs" true for any draw of the data and weights.
        model.Compile(new KerasNet.Optimizers.Adam(learningRate: 0.05), "sparse_categorical_crossentropy", new KerasNet.Metrics.Metric[] { "accuracy" });
        var steps = new StepRecorder();
        var history = model.Fit(loader, epochs: 3, verbose: Verbosity.Silent, callbacks: new[] { steps }, validationData: new DataLoader(new TensorDataset(x, y), batchSize: 32));
        Assert.Equal(3, history["loss"].Count);
        Assert.True(history["loss"][2] < history["loss"][0]);
        Assert.Equal(new[] { 4, 4, 4 }, steps.BatchesPerEpoch);
        Assert.Equal(4, steps.DeclaredSteps);
        Assert.Equal(3, history["val_accuracy"].Count);
        var predictions = model.Predict(new DataLoader(new TensorDataset(x), batchSize: 10, numWorkers: 2), verbose: Verbosity.Silent);
        Assert.Equal(new long[] { 64, 2 }, predictions.shape);
        // Evaluate on a loader gives the loss that Evaluate on the same tensors gives.
        var onLoader = model.Evaluate(new DataLoader(new TensorDataset(x, y), batchSize: 16, numWorkers: 2), verbose: Verbosity.Silent);
        Assert.Equal(model.Evaluate(x, y, batchSize: 16, verbose: Verbosity.Silent), onLoader, 5);
    }
}
