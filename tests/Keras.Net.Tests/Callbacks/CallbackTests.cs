using KerasNet.Callbacks;
using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Optimizers;

namespace KerasNet.Tests.Callbacks;

/// <summary>The callback hooks of Fit, Evaluate and Predict, in order; stopping from a callback.</summary>
public class CallbackTests
{
    /// <summary>Writes down every hook it receives, with the keys of the logs it was given at epoch end.</summary>
    private sealed class Recorder : Callback
    {
        public List<string> Calls { get; } = new();
        public Func<string, bool>? StopAfter { get; init; }

        private void Add(string call)
        {
            Calls.Add(call);
            if (StopAfter?.Invoke(call) == true) Model!.StopTraining = true;
        }

        public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs) => Add("train_begin");
        public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs) => Add("train_end");
        public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs) => Add($"epoch_begin {epoch}");
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) =>
            Add($"epoch_end {epoch} [{string.Join(",", logs.Keys.OrderBy(k => k, StringComparer.Ordinal))}]");
        public override void OnTrainBatchBegin(int batch, IReadOnlyDictionary<string, double> logs) => Add($"train_batch_begin {batch}");
        public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => Add($"train_batch_end {batch}");
        public override void OnTestBegin(IReadOnlyDictionary<string, double> logs) => Add("test_begin");
        public override void OnTestEnd(IReadOnlyDictionary<string, double> logs) => Add("test_end");
        public override void OnTestBatchBegin(int batch, IReadOnlyDictionary<string, double> logs) => Add($"test_batch_begin {batch}");
        public override void OnTestBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => Add($"test_batch_end {batch}");
        public override void OnPredictBegin(IReadOnlyDictionary<string, double> logs) => Add("predict_begin");
        public override void OnPredictEnd(IReadOnlyDictionary<string, double> logs) => Add("predict_end");
        public override void OnPredictBatchBegin(int batch, IReadOnlyDictionary<string, double> logs) => Add($"predict_batch_begin {batch}");
        public override void OnPredictBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => Add($"predict_batch_end {batch}");
    }

    private static Sequential Model()
    {
        var model = new Sequential(new Layer[] { Keras.Input(2), new Dense(1) });
        model.Compile(new SGD(0.01), "mse");
        return model;
    }

    private static Tensor X => TestData.Randn(51, 8, 2);
    private static Tensor Y => TestData.Randn(52, 8, 1);

    [Fact]
    public void FitCallsTheHooksInOrder()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Model();
        var recorder = new Recorder();
        var history = model.Fit(X, Y, batchSize: 4, epochs: 2, validationData: (X, Y), validationBatchSize: 8, callbacks: new[] { recorder }, verbose: Verbosity.Silent);
        var epoch = new Func<int, string[]>(e => new[]
        {
            $"epoch_begin {e}", "train_batch_begin 0", "train_batch_end 0", "train_batch_begin 1", "train_batch_end 1",
            "test_begin", "test_batch_begin 0", "test_batch_end 0", "test_end", $"epoch_end {e} [loss,val_loss]",
        });
        Assert.Equal(new[] { "train_begin" }.Concat(epoch(0)).Concat(epoch(1)).Append("train_end"), recorder.Calls);
        Assert.Same(model, recorder.Model);
        Assert.Equal(new TrainingParameters(2, 2, 0), recorder.Parameters);
        Assert.Equal(2, history["loss"].Count);
    }

    [Fact]
    public void EvaluateAndPredictCallTheirHooks()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Model();
        var recorder = new Recorder();
        model.Evaluate(X, Y, batchSize: 5, callbacks: new[] { recorder }, verbose: Verbosity.Silent);
        Assert.Equal(new[] { "test_begin", "test_batch_begin 0", "test_batch_end 0", "test_batch_begin 1", "test_batch_end 1", "test_end" }, recorder.Calls);
        recorder.Calls.Clear();
        model.Predict(X, batchSize: 8, callbacks: new[] { recorder }, verbose: Verbosity.Silent);
        Assert.Equal(new[] { "predict_begin", "predict_batch_begin 0", "predict_batch_end 0", "predict_end" }, recorder.Calls);
    }

    [Fact]
    public void StopTrainingFromACallbackEndsFitAfterTheCurrentBatch()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Model();
        var recorder = new Recorder { StopAfter = call => call == "train_batch_end 0" };
        var history = model.Fit(X, Y, batchSize: 2, epochs: 5, callbacks: new[] { recorder }, verbose: Verbosity.Silent);
        Assert.Equal(new[] { "train_begin", "epoch_begin 0", "train_batch_begin 0", "train_batch_end 0", "epoch_end 0 [loss]", "train_end" }, recorder.Calls);
        Assert.Single(history["loss"]);

        // The flag is reset by the next Fit.
        var again = new Recorder();
        model.Fit(X, Y, batchSize: 8, epochs: 2, callbacks: new[] { again }, verbose: Verbosity.Silent);
        Assert.Contains("epoch_end 1 [loss]", again.Calls);
    }

    [Fact]
    public void StopAtEpochEndSkipsTheRemainingEpochs()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Model();
        var recorder = new Recorder { StopAfter = call => call.StartsWith("epoch_end 1", StringComparison.Ordinal) };
        var history = model.Fit(X, Y, batchSize: 8, epochs: 10, callbacks: new[] { recorder }, verbose: Verbosity.Silent);
        Assert.Equal(new[] { 0, 1 }, history.Epochs);
        Assert.Equal("train_end", recorder.Calls[^1]);
    }

    [Fact]
    public void UserHistoryIsUsedAndReturned()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Model();
        var history = new History();
        Assert.Same(history, model.Fit(X, Y, epochs: 2, callbacks: new Callback[] { history }, verbose: Verbosity.Silent));
        Assert.Equal(2, history["loss"].Count);
    }
}
