using KerasNet.Callbacks;
using KerasNet.Models;
using KerasNet.Optimizers;
using static KerasNet.Tests.Callbacks.CallbackTestSupport;

namespace KerasNet.Tests.Callbacks;

/// <summary>ReduceLROnPlateau's schedule of rates and LearningRateScheduler's application at epoch start.</summary>
public class LearningRateCallbackTests
{
    /// <summary>The learning rate after each epoch and the logged <c>learning_rate</c> of each epoch.</summary>
    private static (double[] After, double[] Logged) Drive(ReduceLROnPlateau callback, Model model, params double[] losses)
    {
        callback.Attach(model).OnTrainBegin(Logs());
        var after = new double[losses.Length];
        var logged = new double[losses.Length];
        for (var epoch = 0; epoch < losses.Length; epoch++)
        {
            var logs = Logs(("val_loss", losses[epoch]));
            callback.OnEpochEnd(epoch, logs);
            after[epoch] = model.Optimizer!.LearningRate;
            logged[epoch] = logs["learning_rate"];
        }
        return (after, logged);
    }

    private static double[] Constant(int count) => Enumerable.Repeat(1.0, count).ToArray();

    [Fact]
    public void RateIsReducedAfterPatienceEpochsWithoutImprovement()
    {
        using var model = CompiledModel(learningRate: 1.0);
        var (after, logged) = Drive(new ReduceLROnPlateau(factor: 0.5, patience: 2), model, Constant(7));
        Assert.Equal(new[] { 1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.125 }, after);
        // The logs carry the rate used during the epoch, before any reduction at its end.
        Assert.Equal(new[] { 1.0, 1.0, 1.0, 0.5, 0.5, 0.25, 0.25 }, logged);
    }

    [Fact]
    public void CooldownDelaysCountingAfterAReduction()
    {
        using var model = CompiledModel(learningRate: 1.0);
        var (after, _) = Drive(new ReduceLROnPlateau(factor: 0.5, patience: 2, cooldown: 2), model, Constant(9));
        Assert.Equal(new[] { 1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125 }, after);
    }

    [Fact]
    public void RateNeverGoesBelowMinLr()
    {
        using var model = CompiledModel(learningRate: 1.0);
        var callback = new ReduceLROnPlateau(factor: 0.5, patience: 1, minLr: 0.3);
        var (after, _) = Drive(callback, model, Constant(6));
        Assert.Equal(new[] { 1.0, 0.5, 0.3, 0.3, 0.3, 0.3 }, after);
    }

    [Fact]
    public void ImprovementsBiggerThanMinDeltaResetTheCount()
    {
        using var model = CompiledModel(learningRate: 1.0);
        var (after, _) = Drive(new ReduceLROnPlateau(factor: 0.5, patience: 2), model, 1.0, 1.0, 0.5, 0.49995, 0.5);
        // 0.49995 is within minDelta (1e-4) of 0.5: not an improvement.
        Assert.Equal(new[] { 1.0, 1.0, 1.0, 1.0, 0.5 }, after);
    }

    [Fact]
    public void AccuracyIsMaximized()
    {
        using var model = CompiledModel(learningRate: 1.0);
        var callback = new ReduceLROnPlateau(monitor: "val_accuracy", factor: 0.5, patience: 1).Attach(model);
        callback.OnTrainBegin(Logs());
        callback.OnEpochEnd(0, Logs(("val_accuracy", 0.5)));
        callback.OnEpochEnd(1, Logs(("val_accuracy", 0.6)));
        Assert.Equal(1.0, model.Optimizer!.LearningRate);
        callback.OnEpochEnd(2, Logs(("val_accuracy", 0.55)));
        Assert.Equal(0.5, model.Optimizer!.LearningRate);
    }

    [Fact]
    public void VerboseAnnouncesTheReduction()
    {
        using var model = CompiledModel(learningRate: 0.5);
        var output = new StringWriter();
        var callback = new ReduceLROnPlateau(patience: 0, verbose: 1) { Output = output }.Attach(model);
        callback.OnTrainBegin(Logs());
        callback.OnEpochEnd(0, Logs(("val_loss", 1.0)));
        callback.OnEpochEnd(1, Logs(("val_loss", 1.0)));
        Assert.Equal("\nEpoch 2: ReduceLROnPlateau reducing learning rate to 0.05.\n", output.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void InvalidArgumentsAndScheduledOptimizersAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(factor: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(minLr: -1));
        using var model = SmallModel();
        model.Compile(new SGD(schedule: new ExponentialDecay(0.1, 10, 0.9)), new Losses.MeanSquaredError());
        var callback = new ReduceLROnPlateau().Attach(model);
        var error = Assert.Throws<InvalidOperationException>(() => callback.OnEpochEnd(0, Logs(("val_loss", 1.0))));
        Assert.Contains("ExponentialDecay", error.Message);
    }

    [Fact]
    public void SchedulerSetsTheRateBeforeTheFirstBatchOfEachEpoch()
    {
        using var model = CompiledModel(learningRate: 1.0);
        var (x, y) = RandomData(64);
        var seen = new List<(int Epoch, double Rate)>();
        var epoch = 0;
        var scheduler = new LearningRateScheduler((e, lr) => e == 0 ? 0.1 : lr / 2);
        var recorder = new LambdaCallback(onEpochBegin: (e, _) => epoch = e,
                                          onTrainBatchBegin: (_, _) => seen.Add((epoch, model.Optimizer!.LearningRate)));
        var history = model.Fit(x, y, batchSize: 16, epochs: 3, verbose: Verbosity.Silent, callbacks: [scheduler, recorder]);
        Assert.Equal(12, seen.Count);
        Assert.All(seen, s => Assert.Equal(0.1 / Math.Pow(2, s.Epoch), s.Rate, 15));
        Assert.Equal(new[] { 0.1, 0.05, 0.025 }, history["learning_rate"]);
    }

    [Fact]
    public void SchedulerRejectsAnInvalidRate()
    {
        using var model = CompiledModel();
        var scheduler = new LearningRateScheduler((e, _) => e - 1.0).Attach(model);
        var error = Assert.Throws<InvalidOperationException>(() => scheduler.OnEpochBegin(1, Logs()));
        Assert.Contains("0.0", error.Message);
        Assert.Contains("epoch 1", error.Message);
    }

    [Fact]
    public void SchedulerVerboseLine()
    {
        using var model = CompiledModel();
        var output = new StringWriter();
        var scheduler = new LearningRateScheduler((_, _) => 1e-05, verbose: 1) { Output = output }.Attach(model);
        scheduler.OnEpochBegin(0, Logs());
        Assert.Equal("\nEpoch 1: LearningRateScheduler setting learning rate to 1e-05.\n", output.ToString().Replace("\r\n", "\n"));
    }
}
