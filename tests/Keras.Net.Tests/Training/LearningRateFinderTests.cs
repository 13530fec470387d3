using System.Xml.Linq;
using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.Tests.Callbacks;

namespace KerasNet.Tests.TrainingTests;

/// <summary>The LR range test and the SVG plots of History and of the range test.</summary>
[Collection("Training")]
public class LearningRateFinderTests
{
    private static (Sequential Model, Tensor X, Tensor Y) Regression(Optimizer optimizer)
    {
        var model = new Sequential(new Layer[] { Keras.Input(4), new Dense(8, activation: "tanh"), new Dense(1) });
        model.Compile(optimizer, "mse");
        var x = TestData.Randn(3, 256, 4);
        var y = x.sum(1, keepdim: true) * 0.5;
        return (model, x, y);
    }

    private static XNamespace Svg => "http://www.w3.org/2000/svg";

    [Fact]
    public void TheRangeTestRecordsAnExponentialCurveAndPutsEverythingBack()
    {
        using var folder = new TempFolder();
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(5);
        var (model, x, y) = Regression(new Adam(0.001, schedule: new ExponentialDecay(0.001, 10, 0.5)));
        using var _ = model;
        model.TrainOnBatch(x.narrow(0, 0, 16), y.narrow(0, 0, 16));
        var weights = CallbackTestSupport.WeightValues(model);
        var iterations = model.Optimizer!.Iterations;
        var schedule = model.Optimizer.Schedule;
        var rng = torch.get_rng_state().data<byte>().ToArray();

        var result = model.FindLearningRate(x, y, minLr: 1e-5, maxLr: 100, steps: 60, batchSize: 16, plotPath: folder.File("lr.svg"));

        Assert.Equal(1e-5, result.LearningRates[0], 12);
        for (var i = 1; i < result.LearningRates.Count; i++)
            Assert.Equal(Math.Pow(1e7, 1.0 / 59), result.LearningRates[i] / result.LearningRates[i - 1], 9);
        Assert.True(result.Diverged, "a learning rate of 100 should make the loss diverge");
        Assert.True(result.LearningRates.Count < 60);
        Assert.InRange(result.MinLossLearningRate, 1e-3, result.LearningRates[^1]);
        Assert.Equal(result.MinLossLearningRate / 10, result.SuggestedLearningRate);
        Assert.InRange(result.SteepestLearningRate, result.LearningRates[0], result.MinLossLearningRate);
        Assert.True(result.SmoothedLosses.Min() < result.SmoothedLosses[0], "the loss should fall somewhere along the range");

        Assert.Equal(weights, CallbackTestSupport.WeightValues(model));
        Assert.Equal(iterations, model.Optimizer.Iterations);
        Assert.Same(schedule, model.Optimizer.Schedule);
        Assert.Equal(rng, torch.get_rng_state().data<byte>().ToArray());

        var svg = XDocument.Load(folder.File("lr.svg"));
        var series = svg.Descendants(Svg + "path").Where(p => (string?)p.Attribute("class") == "series").ToList();
        Assert.Equal(new[] { "loss", "smoothed loss" }, series.Select(p => (string)p.Attribute("data-name")!));
        Assert.Equal(result.LearningRates.Count - 1, ((string)series[1].Attribute("d")!).Split('L').Length - 1);
    }

    [Fact]
    public void TheRangeTestRejectsBadArgumentsAndUncompiledModels()
    {
        using var scope = torch.NewDisposeScope();
        var (model, x, y) = Regression(new SGD());
        using var _ = model;
        Assert.Contains("maxLr must be greater than minLr", Assert.Throws<ArgumentOutOfRangeException>(() => model.FindLearningRate(x, y, minLr: 1, maxLr: 0.5)).Message);
        Assert.Contains("minLr must be a positive number", Assert.Throws<ArgumentOutOfRangeException>(() => model.FindLearningRate(x, y, minLr: 0)).Message);
        Assert.Contains("steps must be at least 3", Assert.Throws<ArgumentOutOfRangeException>(() => model.FindLearningRate(x, y, steps: 2)).Message);
        using var uncompiled = CallbackTestSupport.SmallModel();
        Assert.Contains("must be compiled before FindLearningRate", Assert.Throws<InvalidOperationException>(() => uncompiled.FindLearningRate(x, y)).Message);
    }

    [Fact]
    public void HistoryPlotDrawsOneChartPerQuantityWithTrainingAndValidationLines()
    {
        using var folder = new TempFolder();
        using var scope = torch.NewDisposeScope();
        var (model, x, y) = Regression(new Adam(0.01));
        using var _ = model;
        model.Compile(new Adam(0.01), "mse", new KerasNet.Metrics.Metric[] { "mae" });
        var history = model.Fit(x, y, batchSize: 32, epochs: 5, validationSplit: 0.25, verbose: Verbosity.Silent);
        var path = folder.File("history.svg");
        history.Plot(path);

        var svg = XDocument.Load(path);
        var titles = svg.Descendants(Svg + "text").Where(t => (string?)t.Attribute("font-weight") == "bold").Select(t => t.Value).ToList();
        Assert.Equal(new[] { "Training history: loss", "mae" }, titles);
        var series = svg.Descendants(Svg + "path").Where(p => (string?)p.Attribute("class") == "series").ToList();
        Assert.Equal(new[] { "loss", "val_loss", "mae", "val_mae" }, series.Select(p => (string)p.Attribute("data-name")!));
        foreach (var line in series) Assert.Equal(4, ((string)line.Attribute("d")!).Split('L').Length - 1);
        Assert.Contains("stroke-dasharray", series[1].ToString());

        Assert.Contains("nothing was recorded yet", Assert.Throws<InvalidOperationException>(() => new KerasNet.Callbacks.History().Plot(folder.File("empty.svg"))).Message);
    }
}
