using KerasNet.Callbacks;
using KerasNet.Models;
using static KerasNet.Tests.Callbacks.CallbackTestSupport;

namespace KerasNet.Tests.Callbacks;

/// <summary>TerminateOnNaN and LambdaCallback.</summary>
public class TerminateAndLambdaTests
{
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void AnInvalidBatchLossStopsTraining(double loss)
    {
        using var model = SmallModel();
        var output = new StringWriter();
        var callback = new TerminateOnNaN { Output = output }.Attach(model);
        callback.OnTrainBatchEnd(2, Logs(("loss", 0.5)));
        Assert.False(model.StopTraining);
        callback.OnTrainBatchEnd(3, Logs(("loss", loss)));
        Assert.True(model.StopTraining);
        Assert.Equal(3, callback.TerminatedAtBatch);
        Assert.Equal("Batch 3: Invalid loss, terminating training\n", output.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void FitEndsAfterTheFirstNaNBatch()
    {
        using var model = CompiledModel();
        var (x, y) = RandomData(64);
        using var bad = x.clone();
        using (torch.no_grad()) bad.mul_(double.NaN);
        var batches = 0;
        var history = model.Fit(bad, y, batchSize: 16, epochs: 5, verbose: Verbosity.Silent, shuffle: false,
                                callbacks: [new TerminateOnNaN { Output = TextWriter.Null }, new LambdaCallback(onTrainBatchEnd: (_, _) => batches++)]);
        Assert.Equal(1, batches);
        Assert.Single(history["loss"]);
        Assert.True(double.IsNaN(history["loss"][0]));
    }

    [Fact]
    public void LambdaCallbackReceivesEveryHookInOrder()
    {
        using var model = CompiledModel();
        var (x, y) = RandomData(32);
        var calls = new List<string>();
        var callback = new LambdaCallback(
            onEpochBegin: (e, _) => calls.Add($"epoch_begin {e}"),
            onEpochEnd: (e, logs) => calls.Add($"epoch_end {e} {logs.ContainsKey("loss")}"),
            onTrainBatchBegin: (b, _) => calls.Add($"batch_begin {b}"),
            onTrainBatchEnd: (b, logs) => calls.Add($"batch_end {b} {logs.ContainsKey("loss")}"),
            onTrainBegin: _ => calls.Add("train_begin"),
            onTrainEnd: _ => calls.Add("train_end"));
        model.Fit(x, y, batchSize: 16, epochs: 2, verbose: Verbosity.Silent, callbacks: [callback]);
        Assert.Equal(new[]
        {
            "train_begin",
            "epoch_begin 0", "batch_begin 0", "batch_end 0 True", "batch_begin 1", "batch_end 1 True", "epoch_end 0 True",
            "epoch_begin 1", "batch_begin 0", "batch_end 0 True", "batch_begin 1", "batch_end 1 True", "epoch_end 1 True",
            "train_end",
        }, calls);
    }

    [Fact]
    public void LambdaCallbackWithoutFunctionsDoesNothing()
    {
        var callback = new LambdaCallback();
        callback.OnTrainBegin(Logs());
        callback.OnEpochBegin(0, Logs());
        callback.OnTrainBatchEnd(0, Logs());
        callback.OnEpochEnd(0, Logs());
        callback.OnTrainEnd(Logs());
    }
}
