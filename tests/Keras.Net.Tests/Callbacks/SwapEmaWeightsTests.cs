using KerasNet.Callbacks;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.TestSupport;

namespace KerasNet.Tests.Callbacks;

/// <summary>
/// SwapEMAWeights: validation, Evaluate and Predict see the optimizer's moving average and training continues from
/// the raw weights; with swapOnEpoch later callbacks see the average at each epoch's end; a missing average is a
/// typed error. The runs are deterministic (fixed data, no shuffling), so runs with and without the callback compare
/// exactly.
/// </summary>
[Collection("Training")]
public class SwapEmaWeightsTests
{
    private static Sequential Model()
    {
        torch.manual_seed(3);
        var model = CallbackTestSupport.SmallModel();
        model.Compile(new SGD(0.1, useEma: true, emaMomentum: 0.5), new Losses.MeanSquaredError());
        return model;
    }

    private static Tensor[] Snapshot(Model model) => model.Weights.Select(w => w.Value.detach().clone().DetachFromDisposeScope()).ToArray();

    private static void Same(Tensor[] expected, Tensor[] actual, string what)
    {
        for (var i = 0; i < expected.Length; i++) TensorAssert.Close(expected[i], actual[i], 1e-6, 1e-7, $"{what}, weight {i}");
    }

    private static (History History, List<Tensor[]> AtEpochEnd, Tensor[] Final) Fit(params Callback[] swap)
    {
        var (x, y) = CallbackTestSupport.RandomData(32);
        var model = Model();
        var atEpochEnd = new List<Tensor[]>();
        var recorder = new LambdaCallback(onEpochEnd: (_, _) => atEpochEnd.Add(Snapshot(model)));
        var history = model.Fit(x, y, batchSize: 8, epochs: 2, shuffle: false, validationData: (x, y), verbose: Verbosity.Silent,
                                callbacks: swap.Append(recorder).ToArray());
        return (history, atEpochEnd, Snapshot(model));
    }

    [Fact]
    public void ValidationUsesTheAverageAndTrainingContinuesFromTheRawWeights()
    {
        var plain = Fit();
        var swapped = Fit(new SwapEMAWeights());
        // Fit ends with the average in the model: evaluating it gives the last validation loss only when validation used the average.
        var (x, y) = CallbackTestSupport.RandomData(32);
        var model = Model();
        model.Fit(x, y, batchSize: 8, epochs: 2, shuffle: false, verbose: Verbosity.Silent);
        var averaged = model.Evaluate(x, y, verbose: Verbosity.Silent);
        Assert.Equal(averaged, swapped.History["val_loss"][1], 6);
        Assert.NotEqual(averaged, plain.History["val_loss"][1], 3);
        for (var e = 0; e < 2; e++) Same(plain.AtEpochEnd[e], swapped.AtEpochEnd[e], $"raw weights after epoch {e}");
        Same(plain.Final, swapped.Final, "final (averaged) weights");
        Assert.Equal(plain.History["loss"], swapped.History["loss"]);
    }

    [Fact]
    public void SwapOnEpochShowsTheAverageToLaterCallbacksAndStillTrainsFromTheRawWeights()
    {
        var plain = Fit(new SwapEMAWeights());
        var callback = new SwapEMAWeights(swapOnEpoch: true);
        var swapped = Fit(callback);
        Assert.False(callback.AverageInModel);
        Same(plain.Final, swapped.AtEpochEnd[1], "the last epoch's end sees the final average");
        Assert.False(plain.AtEpochEnd[1][0].allclose(swapped.AtEpochEnd[1][0]), "without swapOnEpoch the epoch's end sees the raw weights");
        Same(plain.Final, swapped.Final, "final (averaged) weights");
        Assert.Equal(plain.History["loss"], swapped.History["loss"]);
        Assert.Equal(plain.History["val_loss"], swapped.History["val_loss"]);
    }

    [Fact]
    public void PredictAndEvaluateSwapInAndBack()
    {
        var (x, y) = CallbackTestSupport.RandomData(32);
        var model = Model();
        model.Fit(x, y, batchSize: 8, epochs: 1, shuffle: false, verbose: Verbosity.Silent);
        using var average = model.Predict(x, verbose: Verbosity.Silent);
        var averageLoss = model.Evaluate(x, y, verbose: Verbosity.Silent);
        using (torch.no_grad()) model.Weights[0].Value.add_(0.5); // the raw weights now differ from the average
        using var raw = model.Predict(x, verbose: Verbosity.Silent);
        var callbacks = new Callback[] { new SwapEMAWeights() };
        TensorAssert.Close(average, model.Predict(x, verbose: Verbosity.Silent, callbacks: callbacks));
        TensorAssert.Close(raw, model.Predict(x, verbose: Verbosity.Silent));
        Assert.Equal(averageLoss, model.Evaluate(x, y, verbose: Verbosity.Silent, callbacks: callbacks), 6);
        TensorAssert.Close(raw, model.Predict(x, verbose: Verbosity.Silent));
    }

    [Fact]
    public void AnOptimizerWithoutAMovingAverageIsATypedError()
    {
        var (x, y) = CallbackTestSupport.RandomData(16);
        var model = CallbackTestSupport.CompiledModel();
        var error = Assert.Throws<InvalidOperationException>(() =>
            model.Fit(x, y, epochs: 1, verbose: Verbosity.Silent, callbacks: new Callback[] { new SwapEMAWeights() }));
        Assert.Contains("useEma: true", error.Message);
        Assert.Contains("SGD", error.Message);
    }
}
