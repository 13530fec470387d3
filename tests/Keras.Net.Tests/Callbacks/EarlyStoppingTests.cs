using KerasNet.Callbacks;
using KerasNet.Models;
using static KerasNet.Tests.Callbacks.CallbackTestSupport;

namespace KerasNet.Tests.Callbacks;

/// <summary>EarlyStopping's counting, baseline, start epoch and best-weight restoration, driven epoch by epoch as Fit does.</summary>
public class EarlyStoppingTests
{
    /// <summary>Runs the callback over a scripted sequence of monitored values; returns the epoch at which it stopped, if it did.</summary>
    private static int? Drive(EarlyStopping callback, Model model, string monitor, params double[] values)
    {
        model.StopTraining = false;
        callback.Attach(model).OnTrainBegin(Logs());
        for (var epoch = 0; epoch < values.Length; epoch++)
        {
            callback.OnEpochBegin(epoch, Logs());
            callback.OnEpochEnd(epoch, Logs((monitor, values[epoch]), ("other", 0)));
            if (model.StopTraining) return epoch;
        }
        callback.OnTrainEnd(Logs());
        return null;
    }

    [Fact]
    public void PatienceCountsEpochsWithoutImprovement()
    {
        using var model = SmallModel();
        var callback = new EarlyStopping(patience: 2);
        // best 1.0, best 0.9, wait 1, wait 2 -> stop.
        Assert.Equal(3, Drive(callback, model, "val_loss", 1.0, 0.9, 0.95, 0.92, 0.91));
        Assert.Equal(3, callback.StoppedEpoch);
        Assert.Equal(0.9, callback.Best);
        Assert.Equal(1, callback.BestEpoch);
    }

    [Fact]
    public void AnImprovementResetsTheCount()
    {
        using var model = SmallModel();
        Assert.Null(Drive(new EarlyStopping(patience: 2), model, "val_loss", 1.0, 1.1, 0.8, 0.9, 0.7, 0.75));
    }

    [Fact]
    public void PatienceZeroStopsAtTheFirstEpochWithoutImprovement()
    {
        using var model = SmallModel();
        Assert.Equal(2, Drive(new EarlyStopping(patience: 0), model, "val_loss", 1.0, 0.5, 0.5));
    }

    [Fact]
    public void ChangesSmallerThanMinDeltaAreNotImprovements()
    {
        using var model = SmallModel();
        Assert.Equal(1, Drive(new EarlyStopping(minDelta: 0.1, patience: 1), model, "val_loss", 1.0, 0.95));
        Assert.Null(Drive(new EarlyStopping(minDelta: -0.1, patience: 1), model, "val_loss", 1.0, 0.85));
    }

    [Fact]
    public void AccuracyIsMaximizedInAutoMode()
    {
        using var model = SmallModel();
        Assert.Equal(2, Drive(new EarlyStopping(monitor: "val_accuracy", patience: 1), model, "val_accuracy", 0.5, 0.6, 0.55));
        Assert.Equal(2, Drive(new EarlyStopping(monitor: "val_auc", patience: 1), model, "val_auc", 0.5, 0.6, 0.6));
        Assert.Equal(1, Drive(new EarlyStopping(monitor: "score", mode: MonitorMode.Min, patience: 1), model, "score", 0.5, 0.6));
    }

    [Fact]
    public void AutoModeRejectsANameWithoutADirection()
    {
        var error = Assert.Throws<ArgumentException>(() => new EarlyStopping(monitor: "val_custom_thing"));
        Assert.Contains("MonitorMode.Min", error.Message);
        Assert.Contains("val_custom_thing", error.Message);
    }

    [Fact]
    public void BaselineMustBeBeatenToResetTheCount()
    {
        using var model = SmallModel();
        // Improving epochs that stay above the baseline keep counting: the first non-improving epoch stops.
        Assert.Equal(2, Drive(new EarlyStopping(patience: 2, baseline: 0.5), model, "val_loss", 0.9, 0.8, 0.85));
        // Without a baseline the same sequence goes on.
        Assert.Null(Drive(new EarlyStopping(patience: 2), model, "val_loss", 0.9, 0.8, 0.85));
        // Beating the baseline resets the count.
        Assert.Null(Drive(new EarlyStopping(patience: 2, baseline: 0.5), model, "val_loss", 0.9, 0.4, 0.45));
    }

    [Fact]
    public void EpochsBeforeStartFromEpochAreIgnored()
    {
        using var model = SmallModel();
        Assert.Equal(1, Drive(new EarlyStopping(patience: 0), model, "val_loss", 1.0, 2.0, 3.0, 3.5));
        var delayed = new EarlyStopping(patience: 0, startFromEpoch: 2);
        Assert.Equal(3, Drive(delayed, model, "val_loss", 1.0, 2.0, 3.0, 3.5));
        Assert.Equal(3.0, delayed.Best);
        Assert.Equal(2, delayed.BestEpoch);
    }

    [Fact]
    public void AMissingMonitorWarnsWithTheAvailableKeysAndDoesNotStop()
    {
        using var model = SmallModel();
        var errors = new StringWriter();
        var callback = new EarlyStopping(patience: 0) { Errors = errors }.Attach(model);
        callback.OnTrainBegin(Logs());
        callback.OnEpochEnd(0, Logs(("loss", 1.0), ("accuracy", 0.5)));
        callback.OnEpochEnd(1, Logs(("loss", 2.0), ("accuracy", 0.5)));
        Assert.False(model.StopTraining);
        var text = errors.ToString();
        Assert.Contains("`val_loss` which is not available", text);
        Assert.Contains("Available metrics are: loss,accuracy", text);
    }

    [Fact]
    public void BestWeightsAreRestoredAtTheEnd()
    {
        using var model = SmallModel();
        var output = new StringWriter();
        var callback = new EarlyStopping(patience: 1, restoreBestWeights: true, verbose: 1) { Output = output }.Attach(model);
        callback.OnTrainBegin(Logs());
        var losses = new[] { 1.0, 0.5, 0.7, 0.8 };
        for (var epoch = 0; epoch < losses.Length && !model.StopTraining; epoch++)
        {
            FillWeights(model, epoch + 1);
            callback.OnEpochEnd(epoch, Logs(("val_loss", losses[epoch])));
        }
        Assert.True(model.StopTraining);
        Assert.All(WeightValues(model), v => Assert.Equal(3f, v));
        callback.OnTrainEnd(Logs());
        Assert.All(WeightValues(model), v => Assert.Equal(2f, v));
        Assert.Equal("Epoch 3: early stopping\nRestoring model weights from the end of the best epoch: 2.\n", output.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void TheBestEpochIsRestoredEvenWhenItDidNotBeatTheBaseline()
    {
        using var model = SmallModel();
        var callback = new EarlyStopping(patience: 0, restoreBestWeights: true, baseline: 0.1).Attach(model);
        callback.OnTrainBegin(Logs());
        FillWeights(model, 1);
        callback.OnEpochEnd(0, Logs(("val_loss", 0.5)));
        FillWeights(model, 2);
        callback.OnEpochEnd(1, Logs(("val_loss", 0.6)));
        Assert.True(model.StopTraining);
        callback.OnTrainEnd(Logs());
        Assert.All(WeightValues(model), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void InFitTheFinalWeightsAreThoseOfTheBestEpoch()
    {
        using var model = CompiledModel(learningRate: 0.5);
        var (x, y) = RandomData(96);
        var snapshots = new List<float[]>();
        var recorder = new LambdaCallback(onEpochEnd: (_, _) => snapshots.Add(WeightValues(model)));
        var early = new EarlyStopping(patience: 2, restoreBestWeights: true);
        var history = model.Fit(x, y, batchSize: 16, epochs: 12, verbose: Verbosity.Silent, validationSplit: 0.25, shuffle: false,
                                callbacks: [recorder, early]);
        var valLoss = history["val_loss"];
        var best = 0;
        for (var i = 1; i < valLoss.Count; i++) if (valLoss[i] < valLoss[best]) best = i;
        Assert.Equal(best, early.BestEpoch);
        Assert.Equal(snapshots[best], WeightValues(model));
        if (early.StoppedEpoch > 0) Assert.Equal(early.StoppedEpoch + 1, valLoss.Count);
    }

    [Fact]
    public void ArgumentsAreValidated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(patience: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(startFromEpoch: -1));
        Assert.Throws<ArgumentNullException>(() => new EarlyStopping(monitor: null!));
    }
}
