using KerasNet.Data;
using KerasNet.Models;

namespace KerasNet.Training;

/// <summary>
/// The loop of the LR range test (<see cref="Model.FindLearningRate"/>): training steps over cycled epochs of an
/// <see cref="EpochIterator"/> with an exponentially growing learning rate, then everything it changed put back.
/// </summary>
internal sealed class LearningRateFinder
{
    private readonly Model model;
    private readonly CompiledState state;
    private readonly double minLr;
    private readonly double growth;
    private readonly int steps;
    private readonly double smoothing;
    private readonly double divergenceFactor;

    /// <summary>The arguments were validated by <see cref="Model.FindLearningRate"/>; the model and its optimizer are built.</summary>
    internal LearningRateFinder(Model model, CompiledState state, double minLr, double maxLr, int steps, double smoothing, double divergenceFactor)
    {
        this.model = model;
        this.state = state;
        this.minLr = minLr;
        growth = Math.Log(maxLr / minLr) / (steps - 1);
        this.steps = steps;
        this.smoothing = smoothing;
        this.divergenceFactor = divergenceFactor;
    }

    /// <summary>Runs the test on <paramref name="data"/>, then restores the weights, the optimizer and libtorch's generator.</summary>
    internal LearningRateFinderResult Run(IDataSource data)
    {
        var optimizer = state.Optimizer;
        using var scope = torch.NewDisposeScope();
        var savedRng = CpuGenerator.Read();
        var savedWeights = model.CopyWeightsToHost();
        var savedState = optimizer.GetState();
        var (savedSchedule, savedLr) = (optimizer.Schedule, optimizer.FixedLearningRate);
        var lrs = new List<double>();
        var losses = new List<double>();
        var smoothed = new List<double>();
        var diverged = false;
        try
        {
            double average = 0, best = double.PositiveInfinity;
            var iterator = new EpochIterator(data, null);
            for (var epoch = 0; lrs.Count < steps && !diverged; epoch++)
            {
                var any = false;
                foreach (var (_, batch) in iterator.Epoch(epoch))
                {
                    any = true;
                    var lr = minLr * Math.Exp(growth * lrs.Count);
                    optimizer.LearningRate = lr;
                    state.ResetMetrics();
                    var loss = model.TrainStep(batch)["loss"];
                    average = smoothing * average + (1 - smoothing) * loss;
                    var corrected = average / (1 - Math.Pow(smoothing, lrs.Count + 1));
                    lrs.Add(lr);
                    losses.Add(loss);
                    smoothed.Add(corrected);
                    best = Math.Min(best, corrected);
                    if (!double.IsFinite(corrected) || corrected > divergenceFactor * best) diverged = true;
                    if (diverged || lrs.Count >= steps) break;
                }
                if (!any) throw new InvalidOperationException("FindLearningRate: the data produced no batches.");
            }
        }
        finally
        {
            model.AssignWeights(savedWeights);
            foreach (var t in savedWeights) t.Dispose();
            foreach (var variable in optimizer.Variables) variable.Value.grad = null;
            optimizer.SetState(savedState);
            optimizer.RestoreSchedule(savedSchedule, savedLr);
            state.ResetMetrics();
            CpuGenerator.Write(savedRng);
        }
        return new LearningRateFinderResult(lrs.ToArray(), losses.ToArray(), smoothed.ToArray(), diverged);
    }
}
